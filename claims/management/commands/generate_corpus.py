"""``manage.py generate_corpus --sentences N --yes``: a synthetic corpus for scale tests.

Rows are written with bulk inserts straight from :mod:`claims.synthetic` (which knows every
span), without parsing: documents, sentences, actors, claims with their sentence links,
conditions and (with ``--keys``) the claims' linking keys. Primary keys are handed out here and
rows go in with COPY (PostgreSQL) or ``executemany`` (SQLite), so run it on a database nobody
else is writing to. No history rows are written for these machine-made rows. A million
sentences take a couple of minutes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from claims.models import Actor, Claim, ClaimKey, Condition, Origin
from claims.similarity import analyse, blocking_keys
from claims.synthetic import COUNTRIES, ORGANISATIONS, SyntheticArticle, articles, people
from corpus.bulk import insert_rows
from corpus.ingestion import content_hash
from corpus.models import Document, Sentence

#: Documents written per transaction.
BATCH = 1000


@dataclass(slots=True)
class Generated:
    documents: int = 0
    sentences: int = 0
    claims: int = 0
    seconds: float = 0.0


def _actors(seed: int, people_count: int) -> dict[str, int]:
    """Create (or find) the generator's speakers; returns name -> actor id."""
    import random

    pool = people(random.Random(seed), people_count)
    rows = [Actor(name=p.name, kind="person", description=p.role) for p in pool]
    rows += [Actor(name=o.removeprefix("the "), kind="organisation") for o in ORGANISATIONS]
    rows += [Actor(name=c, kind="country") for c in COUNTRIES]
    Actor.objects.bulk_create(rows, ignore_conflicts=True)
    return dict(Actor.objects.values_list("name", "id"))


class _Ids:
    """Primary keys handed out here, so that rows can be written without reading them back."""

    def __init__(self, *models) -> None:
        self.next = {
            model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1 for model in models
        }

    def take(self, model, count: int) -> range:
        first = self.next[model]
        self.next[model] = first + count
        return range(first, first + count)


def _reset_sequences(*models) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


def _write(
    batch: list[SyntheticArticle], actors: dict[str, int], ids: _Ids, *, keys: bool
) -> Generated:
    now = timezone.now()
    stamp = now if connection.vendor == "postgresql" else now.replace(tzinfo=None).isoformat(" ")
    doc_ids = ids.take(Document, len(batch))
    insert_rows(
        Document,
        ["id", "title", "url", "outlet", "published", "language", "text", "content_hash",
         "source_name", "created_at"],
        [
            (pk, a.title, "", a.outlet, a.published, "en", a.text, content_hash(a.text),
             "generate_corpus", stamp)
            for pk, a in zip(doc_ids, batch, strict=True)
        ],
    )  # fmt: skip
    sentence_rows = []
    sentence_ids: list[range] = []
    for doc_id, a in zip(doc_ids, batch, strict=True):
        pks = ids.take(Sentence, len(a.sentences))
        sentence_ids.append(pks)
        sentence_rows.extend(
            (pk, doc_id, i, s, e, a.text[s:e])
            for pk, i, (s, e) in zip(pks, range(len(a.sentences)), a.sentences, strict=True)
        )
    insert_rows(Sentence, ["id", "document_id", "index", "start", "end", "text"], sentence_rows)
    claim_rows, link_rows, condition_rows, key_rows = [], [], [], []
    for doc_id, a, pks in zip(doc_ids, batch, sentence_ids, strict=True):
        for claim_id, c in zip(ids.take(Claim, len(a.claims)), a.claims, strict=True):
            start, end = c.content
            speaker = actors.get(c.speaker.name) if c.speaker else None
            claim_rows.append(
                (claim_id, doc_id, start, end, a.text[start:end],
                 c.cue[0] if c.cue else None, c.cue[1] if c.cue else None, speaker,
                 c.mention[0] if c.mention else None, c.mention[1] if c.mention else None,
                 c.kind, Claim.Status.SUGGESTED.value, Origin.MACHINE.value, False, 0.5, 1,
                 stamp, stamp)
            )  # fmt: skip
            link_rows.append((claim_id, pks[c.sentence]))
            for kind, (s, e) in c.conditions:
                condition_rows.append(
                    (claim_id, kind, s, e, a.text[s:e], Origin.MACHINE.value, False,
                     Condition.Outcome.UNKNOWN.value, stamp, stamp)
                )  # fmt: skip
            if keys:
                text = analyse(
                    a.text[start:end],
                    speaker=speaker,
                    conditions=[a.text[s:e] for _kind, (s, e) in c.conditions],
                )
                key_rows.extend((claim_id, doc_id, key) for key in blocking_keys(text))
    insert_rows(
        Claim,
        ["id", "document_id", "content_start", "content_end", "text", "cue_start", "cue_end",
         "speaker_id", "speaker_start", "speaker_end", "kind", "status", "origin", "edited",
         "check_worthiness", "version", "created_at", "updated_at"],
        claim_rows,
    )  # fmt: skip
    insert_rows(Claim.sentences.through, ["claim_id", "sentence_id"], link_rows)
    insert_rows(
        Condition,
        ["claim_id", "kind", "start", "end", "text", "origin", "edited", "outcome",
         "created_at", "updated_at"],
        condition_rows,
    )  # fmt: skip
    insert_rows(ClaimKey, ["claim_id", "document_id", "key"], key_rows)
    return Generated(len(batch), len(sentence_rows), len(claim_rows))


def generate_corpus(
    sentences: int,
    *,
    seed: int = 1,
    per_document: int = 30,
    keys: bool = False,
    progress=None,
) -> Generated:
    """Store synthetic articles until about ``sentences`` sentences are stored."""
    started = time.perf_counter()
    actors = _actors(seed, 400)
    ids = _Ids(Document, Sentence, Claim)
    total = Generated()
    batch: list[SyntheticArticle] = []
    expected = 0
    count = max(1, round(sentences / (per_document + 3)))
    for item in articles(count * 2, seed=seed, sentences=per_document):
        if expected >= sentences:
            break
        batch.append(item)
        expected += len(item.sentences)
        if len(batch) >= BATCH:
            with transaction.atomic():
                done = _write(batch, actors, ids, keys=keys)
            batch = []
            total.documents += done.documents
            total.sentences += done.sentences
            total.claims += done.claims
            if progress is not None:
                progress(total)
    if batch:
        with transaction.atomic():
            done = _write(batch, actors, ids, keys=keys)
        total.documents += done.documents
        total.sentences += done.sentences
        total.claims += done.claims
    _reset_sequences(Document, Sentence, Claim)
    total.seconds = time.perf_counter() - started
    return total


class Command(BaseCommand):
    help = (
        "Store a synthetic news corpus (documents, sentences, speakers, claims, conditions) "
        "with bulk inserts, for scale tests and benchmarks. Nothing is written without --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sentences", type=int, default=1000, help="About how many sentences to store."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (reproducible).")
        parser.add_argument(
            "--per-document", type=int, default=30, help="Sentences per article (about)."
        )
        parser.add_argument(
            "--keys",
            action="store_true",
            help="Also file the claims' linking keys (for linking benchmarks; ~20 rows a claim).",
        )
        parser.add_argument("--yes", action="store_true", help="Really write to the database.")

    def handle(
        self,
        *args,
        sentences: int,
        seed: int,
        per_document: int,
        keys: bool,
        yes: bool,
        **options,
    ) -> None:
        if sentences < 1:
            raise CommandError("--sentences must be at least 1.")
        if not 3 <= per_document <= 1000:
            raise CommandError("--per-document must be between 3 and 1000.")
        if not yes:
            self.stdout.write(
                f"Would store about {sentences:,} sentences of synthetic articles (seed {seed}). "
                "Add --yes to write them."
            )
            return
        if Document.objects.filter(source_name="generate_corpus").exists():
            seed_taken = Document.objects.filter(
                source_name="generate_corpus", text__endswith=f"Report {seed}-0."
            ).exists()
            if seed_taken:
                raise CommandError(
                    f"A corpus with seed {seed} is already stored; pick another --seed."
                )

        def progress(total: Generated) -> None:
            self.stderr.write(
                f"  {total.sentences:,} sentences, {total.claims:,} claims", ending="\r"
            )

        total = generate_corpus(
            sentences, seed=seed, per_document=per_document, keys=keys, progress=progress
        )
        self.stdout.write(
            f"Stored {total.documents:,} documents, {total.sentences:,} sentences and "
            f"{total.claims:,} claims in {total.seconds:.1f} s."
        )
