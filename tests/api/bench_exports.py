"""Measure the streamed exports: time and peak Python memory at a chosen corpus size.

Run against a throw-away database (it adds synthetic documents and claims)::

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python -m tests.api.bench_exports 400 100

(400 documents with 100 claims and conditions each). Memory that stays flat as the corpus grows
is what streaming promises.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc


def build(documents: int, per_document: int) -> None:
    from claims.models import Claim, Condition
    from corpus.ingestion import content_hash
    from corpus.models import Document, Sentence

    template = "Minister {i} said that port {i} would reopen only if storm {i} passed. "
    for d in range(documents):
        head = f"Story {d}.\n\n"
        body = [template.format(i=i) for i in range(per_document)]
        text = (head + "".join(body)).strip()
        document = Document.objects.create(
            text=text, content_hash=content_hash(text), title=f"Story {d}"
        )
        sentences, claims, offset = [], [], len(head)
        for i, sentence in enumerate(body):
            sentence = sentence.strip()
            sentences.append(
                Sentence(document=document, index=i, start=offset, end=offset + len(sentence),
                         text=sentence)
            )  # fmt: skip
            start = offset + sentence.index("port")
            end = offset + len(sentence) - 1
            cue = offset + sentence.index("said")
            claims.append(
                Claim(document=document, content_start=start, content_end=end,
                      text=text[start:end], cue_start=cue, cue_end=cue + 4, kind="indirect",
                      status="accepted", origin="machine")
            )  # fmt: skip
            offset += len(sentence) + 1
        Sentence.objects.bulk_create(sentences)
        Claim.objects.bulk_create(claims)
        conditions = []
        for claim in Claim.objects.filter(document=document):
            start = text.index("only if", claim.content_start)
            conditions.append(
                Condition(claim=claim, kind="only_if", start=start, end=claim.content_end,
                          text=text[start : claim.content_end])
            )  # fmt: skip
        Condition.objects.bulk_create(conditions)


def main(documents: int = 100, per_document: int = 100) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from claims.models import Claim
    from corpus.models import Document

    call_command("migrate", verbosity=0)
    if not Document.objects.exists():
        build(documents, per_document)
    user, _ = User.objects.get_or_create(username="bench", defaults={"is_staff": True})
    client = Client()
    client.force_login(user)
    print(f"{Document.objects.count()} documents, {Claim.objects.count()} claims")
    for url in (
        "/api/export/claims.csv",
        "/api/export/annotations.jsonld",
        "/api/export/dump.jsonl",
    ):
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in client.get(url).streaming_content)
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        for _chunk in client.get(url).streaming_content:
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{url}: {size / 1e6:.1f} MB in {elapsed:.1f} s; peak memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import django

    django.setup()
    main(*(int(arg) for arg in sys.argv[1:3]))
