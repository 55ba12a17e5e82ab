"""``manage.py benchmark``: throughput ratios and latencies, measured against in-process baselines.

Runs in a throw-away database (``<name>_benchmark`` on PostgreSQL, a temporary file on SQLite;
created, migrated and dropped here), never in the configured one. Sections:

* ``ingest``: documents per second through ``articles_ingest`` (segment, extract, suggest
  links, store) over spaCy's own ``nlp.pipe`` on the same texts with the same model; also with
  two parser processes; queries per document.
* ``links``: time to suggest cross-references for a new document with N and 100N claims
  stored (their ratio should stay under 2).
* ``latency``: p50/p95 of list pages (page 1 and a deep page) at each corpus size.
* ``api``: ``/api/claims/?page_size=100`` (``/api/sentences/`` while there is no claims API)
  over building the same rows with ``.values()`` + ``json.dumps``.
* ``export``: peak memory of a process streaming the claims CSV export (and the dump).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, resolve
from django.urls.exceptions import Resolver404

from claims.linking import suggest_crossreferences
from claims.management.commands.generate_corpus import _actors, _Ids, _write, generate_corpus
from claims.models import Claim, Condition
from claims.services import articles_ingest
from claims.synthetic import articles as synthetic_articles
from corpus.ingestion import build_article, read_path
from corpus.models import Document, Sentence
from corpus.nlp import get_nlp

SECTIONS = ("ingest", "links", "latency", "api", "export")
ROOT = Path(__file__).resolve().parents[3]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _route_exists(path: str) -> bool:
    try:
        resolve(path)
    except (Resolver404, NoReverseMatch):
        return False
    return True


def _peak_rss_mb() -> float:
    """Peak resident memory of this process image, in MB.

    ``VmHWM`` where there is ``/proc``: Linux carries ``ru_maxrss`` over ``exec``, so a probe
    started from a big parent would report the parent's peak as its own.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


class Command(BaseCommand):
    help = (
        "Measure ingestion, linking, list and export performance as ratios against in-process "
        "baselines, in a throw-away database. Prints the machine and every number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", default=",".join(SECTIONS), help=f"Sections to run ({', '.join(SECTIONS)})."
        )
        parser.add_argument(
            "--articles", type=int, default=120, help="Generated articles for the ingest runs."
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=3,
            help="Alternating rounds of nlp.pipe and ingestion (the best of each is kept).",
        )
        parser.add_argument(
            "--sizes",
            default="1000,100000",
            help="Corpus sizes (sentences) for the list latencies, ascending.",
        )
        parser.add_argument(
            "--million", action="store_true", help="Also measure at 1,000,000 sentences."
        )
        parser.add_argument(
            "--link-claims",
            type=int,
            default=2000,
            help="N: stored claims for the link timing (also measured at 100N).",
        )
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per list URL.")
        parser.add_argument(
            "--export-claims", type=int, default=200_000, help="Claims in the export test."
        )
        parser.add_argument("--export-probe", help="(internal) stream one export URL and exit.")

    def handle(self, *args, **options) -> None:
        if options["export_probe"]:
            self._export_probe(options["export_probe"])
            return
        only = [s.strip() for s in options["only"].split(",") if s.strip()]
        unknown = set(only) - set(SECTIONS)
        if unknown:
            raise CommandError(f"Unknown section(s): {', '.join(sorted(unknown))}.")
        try:
            sizes = sorted(int(s) for s in options["sizes"].split(",") if s.strip())
        except ValueError:
            raise CommandError("--sizes must be whole numbers separated by commas.") from None
        if options["million"]:
            sizes = sorted({*sizes, 1_000_000})
        self._machine()
        old_name = self._create_database()
        try:
            with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
                if "ingest" in only:
                    self._ingest(options["articles"], options["rounds"])
                    self._flush()
                if "links" in only:
                    self._links(options["link_claims"])
                    self._flush()
                if {"latency", "api", "export"} & set(only):
                    self._lists(sizes, only, options["requests"], options["export_claims"])
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    # --- set-up ---------------------------------------------------------------------------

    def _say(self, text: str = "") -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _machine(self) -> None:
        cpu = "unknown"
        cpuinfo = Path("/proc/cpuinfo")
        if cpuinfo.exists():
            for line in cpuinfo.read_text().splitlines():
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        memory = ""
        meminfo = Path("/proc/meminfo")
        if meminfo.exists():
            kb = int(meminfo.read_text().split()[1])
            memory = f", {kb / 1024 / 1024:.1f} GiB memory"
        self._say(f"machine: {os.cpu_count()} CPUs ({cpu}){memory}")
        self._say(f"database: {connection.vendor}; spaCy model: {settings.CLAIMTRACK_SPACY_MODEL}")

    def _create_database(self) -> str:
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            self._tmp = tempfile.mkdtemp(prefix="claimtrack-benchmark-")
            test["NAME"] = str(Path(self._tmp) / "benchmark.sqlite3")
        else:
            test["NAME"] = f"{connection.settings_dict['NAME']}_benchmark"
        return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def _vacuum(self) -> None:
        """Statistics and visibility maps as autovacuum would leave them after a bulk load."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _flush(self) -> None:
        call_command("flush", interactive=False, verbosity=0)

    # --- ingestion ------------------------------------------------------------------------

    def _ingest(self, count: int, rounds: int) -> None:
        seeds = [
            a
            for path in sorted((ROOT / "seeds").glob("*.txt"))
            for a in read_path(path, max_chars=settings.CLAIMTRACK_MAX_DOCUMENT_CHARS)
        ]
        generated = [
            build_article(
                text=a.text, title=a.title, outlet=a.outlet, published=a.published,
                max_chars=settings.CLAIMTRACK_MAX_DOCUMENT_CHARS, source_name="benchmark",
            )
            for a in synthetic_articles(count, seed=7)
        ]  # fmt: skip
        items = seeds + generated
        texts = [a.text for a in items]
        nlp = get_nlp()
        list(nlp.pipe(texts[:4]))  # load and warm up the model
        batch = settings.CLAIMTRACK_PIPE_BATCH_SIZE

        def pipe(n_process: int) -> tuple[float, float]:
            cpu, started = time.process_time(), time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=batch, n_process=n_process):
                pass
            return time.perf_counter() - started, time.process_time() - cpu

        def children_cpu() -> float:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            return usage.ru_utime + usage.ru_stime

        def ingest(n_process: int) -> tuple[float, float, int, int]:
            self._flush()
            cpu, started, workers = time.process_time(), time.perf_counter(), children_cpu()
            results = list(articles_ingest(items, n_process=n_process, collect_errors=True))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            self._parser_cpu = children_cpu() - workers
            failures = [r for r in results if r.error]
            for failure in failures[:3]:
                self._say(f"  (article {failure.article.title!r} failed: {failure.error})")
            return seconds, cpu, Claim.objects.count(), len(failures)

        # Rounds alternate the baseline and the measured run, and each keeps its best time, so
        # that a burst of load from other jobs on the machine does not land on one side only.
        pipes, ingests = [], []
        for _round in range(rounds):
            pipes.append(pipe(1))
            ingests.append(ingest(1))
        nlp_one, nlp_one_cpu = min(pipes)
        one, one_cpu, claims, failed = min(ingests)
        nlp_two, _cpu = min(pipe(2) for _round in range(rounds))
        twos = []
        for _round in range(rounds):
            two, two_cpu, _claims, _failed = ingest(2)
            twos.append((two, two_cpu, self._parser_cpu))
        two, two_cpu, two_workers = min(twos)
        self._flush()
        with CaptureQueriesContext(connection) as queries:
            # In this thread, where its queries are counted.
            list(
                articles_ingest(items[: 2 + min(20, count)], collect_errors=True, background=False)
            )
        per_document = len(queries) / (2 + min(20, count))
        docs = len(items)
        words = sum(len(t.split()) for t in texts)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        self._say()
        self._say(
            f"ingest: {docs} articles ({len(seeds)} seeds + {count} generated, {words:,} words), "
            f"{claims} claims, {failed} failed; best of {rounds} rounds; load average {load:.1f}"
        )
        self._say(f"  nlp.pipe, 1 process:             {docs / nlp_one:7.1f} docs/s")
        self._say(f"  nlp.pipe, 2 processes:           {docs / nlp_two:7.1f} docs/s")
        self._say(f"  articles_ingest, 1 process:      {docs / one:7.1f} docs/s")
        self._say(f"  articles_ingest, 2 processes:    {docs / two:7.1f} docs/s")
        self._say(f"  RATIO ingest/nlp.pipe (1 proc):  {nlp_one / one:.2f}   (target >= 0.80)")
        self._say(f"    same, in CPU time:             {nlp_one_cpu / one_cpu:.2f}")
        self._say(f"  RATIO ingest (2 procs)/nlp.pipe: {nlp_one / two:.2f}   (target > 1.0)")
        self._say(
            f"    2 procs: CPU {two_workers:.1f} s in the parser processes, {two_cpu:.1f} s in "
            f"this one (extract, store, link), {two:.1f} s wall"
        )
        self._say(f"  queries per document:            {per_document:.1f}")

    # --- linking --------------------------------------------------------------------------

    def _probe_documents(self, probes: int) -> list[float]:
        """Seconds to suggest links for each of ``probes`` new documents (rolled back)."""
        actors = _actors(1, 400)
        times: list[float] = []
        for item in synthetic_articles(probes, seed=99):
            with transaction.atomic():
                _write([item], actors, _Ids(Document, Sentence, Claim), keys=False)
                document = Document.objects.order_by("-pk").first()
                times.append(_timed(lambda document=document: suggest_crossreferences(document)))
                transaction.set_rollback(True)
        return times

    def _links(self, base: int) -> None:
        self._say()
        self._say("links: suggestion time per new document (~20 claims) vs stored claims")
        results = {}
        seed = 20
        for target in (base, base * 100):
            while Claim.objects.count() < target:
                missing = target - Claim.objects.count()
                generate_corpus(max(40, round(missing / 0.65)), seed=seed, keys=True)
                seed += 1
            self._vacuum()
            stored = Claim.objects.count()
            self._probe_documents(3)  # warm caches alike at both sizes
            times = self._probe_documents(15)
            results[target] = statistics.median(times)
            self._say(
                f"  {stored:>9,} claims stored: median {results[target] * 1000:6.1f} ms/document "
                f"(p95 {_percentile(times, 0.95) * 1000:.1f} ms)"
            )
        ratio = results[base * 100] / results[base]
        self._say(f"  RATIO time at 100N / time at N: {ratio:.2f}   (target <= 2)")

    # --- lists, API throughput, exports ---------------------------------------------------

    def _client(self) -> Client:
        user, _ = User.objects.get_or_create(username="benchmark", defaults={"is_staff": True})
        client = Client()
        client.force_login(user)
        return client

    def _lists(self, sizes: list[int], only: list[str], requests: int, export: int) -> None:
        self._flush()
        seed = 40
        api_done = False
        for size in sizes:
            while Sentence.objects.count() < size * 0.98:
                missing = size - Sentence.objects.count()
                took = generate_corpus(missing, seed=seed)
                seed += 1
                self._say()
                self._say(
                    f"generated {took.sentences:,} sentences, {took.claims:,} claims in "
                    f"{took.seconds:.1f} s"
                )
            self._vacuum()
            if "latency" in only:
                self._latency(requests)
            # The API ratio is taken once, at the first size of 10^4 sentences or more (where
            # paging matters but a COUNT over a million rows does not swamp both sides).
            if "api" in only and not api_done and (size >= 10_000 or size == sizes[-1]):
                self._api_throughput()
                api_done = True
        if "export" in only:
            self._exports(export, seed)

    def _latency(self, requests: int) -> None:
        client = self._client()
        sentences = Sentence.objects.count()
        claims = Claim.objects.count()
        documents = Document.objects.count()
        self._say()
        self._say(
            f"latency at {sentences:,} sentences ({claims:,} claims, {documents:,} documents), "
            f"{connection.vendor}, page_size=50: p50 / p95 ms"
        )
        urls = [
            ("/api/sentences/", sentences),
            ("/api/documents/", documents),
        ]
        if _route_exists("/api/claims/"):
            filtered = Claim.objects.filter(status="suggested", kind="indirect").count()
            urls += [
                ("/api/claims/", claims),
                ("/api/claims/?status=suggested&kind=indirect", filtered),
                ("/api/claims/?q=ceasefire", Claim.objects.search("ceasefire").count()),
            ]
        if not _route_exists("/api/claims/"):
            self._claims_queryset_latency(requests)
        for url, rows in urls:
            last = max(1, -(-rows // 50))
            for label, page in (("page 1", 1), (f"page {max(1, last * 9 // 10)}", None)):
                number = page or max(1, last * 9 // 10)
                sep = "&" if "?" in url else "?"
                full = f"{url}{sep}page_size=50&page={number}"
                for _ in range(3):
                    response = client.get(full)
                    assert response.status_code == 200, (full, response.status_code)
                times = [_timed(lambda full=full: client.get(full)) * 1000 for _ in range(requests)]
                self._say(
                    f"  {url + ' ' + label:<58} {statistics.median(times):7.1f} / "
                    f"{_percentile(times, 0.95):7.1f}"
                )

    def _claims_queryset_latency(self, requests: int) -> None:
        """Without a claims API yet: the list's own queries (page of ``for_list()`` + count)."""
        from django.core.paginator import Paginator

        lists = {
            "claims (queryset), all": Claim.objects.for_list(),
            "claims (queryset), status+kind": Claim.objects.for_list().filter(
                status="suggested", kind="indirect"
            ),
            "claims (queryset), q=ceasefire": Claim.objects.for_list().search("ceasefire"),
        }
        for label, queryset in lists.items():
            last = Paginator(queryset, 50).num_pages
            for page in sorted({1, max(1, last * 9 // 10)}):

                def load(page=page, queryset=queryset) -> None:
                    paginator = Paginator(queryset, 50)
                    list(paginator.page(page).object_list)

                load()
                times = [_timed(load) * 1000 for _ in range(requests)]
                self._say(
                    f"  {label + f' page {page}':<58} {statistics.median(times):7.1f} / "
                    f"{_percentile(times, 0.95):7.1f}"
                )

    def _api_throughput(self) -> None:
        client = self._client()
        claims_api = _route_exists("/api/claims/")
        path = "/api/claims/" if claims_api else "/api/sentences/"
        rows = Claim.objects.count() if claims_api else Sentence.objects.count()
        pages = range(1, max(1, min(10, rows // 100)) + 1)

        def api() -> None:
            for page in pages:
                response = client.get(f"{path}?page_size=100&page={page}")
                assert response.status_code == 200
                bytes(response.content)

        def baseline() -> None:
            for page in pages:
                rows = self._claim_rows(page) if claims_api else self._sentence_rows(page)
                json.dumps(rows, default=str).encode()

        api()
        baseline()
        # Alternating rounds, each after a full garbage collection, keeping the best of each
        # side: whatever runs second must not pay for the garbage the first one left.
        api_times, base_times = [], []
        for _round in range(5):
            gc.collect()
            base_times.append(_timed(baseline))
            gc.collect()
            api_times.append(_timed(api))
        api_time, base_time = min(api_times), min(base_times)
        self._say()
        self._say(f"api: {path}?page_size=100, {len(pages)} pages, vs .values() + json.dumps")
        self._say(f"  API:      {1000 * api_time / len(pages):6.1f} ms/page")
        self._say(f"  baseline: {1000 * base_time / len(pages):6.1f} ms/page")
        self._say(f"  RATIO API/baseline throughput: {base_time / api_time:.2f}   (target >= 0.30)")

    def _sentence_rows(self, page: int) -> list[dict]:
        return list(
            Sentence.objects.order_by("document_id", "index").values(
                "id", "document", "index", "start", "end", "text"
            )[(page - 1) * 100 : page * 100]
        )

    def _claim_rows(self, page: int) -> list[dict]:
        """The claims API's rows, built by hand: two ``values()`` queries and slicing."""
        rows = list(
            Claim.objects.order_by("document_id", "content_start", "id").values(
                "id", "document_id", "speaker_id", "speaker__name", "content_start",
                "content_end", "cue_start", "cue_end", "speaker_start", "speaker_end", "kind",
                "status", "origin", "check_worthiness", "created_at", "updated_at",
                "document__text",
            )[(page - 1) * 100 : page * 100]
        )  # fmt: skip
        ids = [r["id"] for r in rows]
        conditions: dict[int, list] = {}
        for c in Condition.objects.filter(claim_id__in=ids).values(
            "id", "claim_id", "kind", "start", "end", "text"
        ):
            conditions.setdefault(c["claim_id"], []).append(c)
        sentences: dict[int, list] = {}
        for claim_id, sentence_id in Claim.sentences.through.objects.filter(
            claim_id__in=ids
        ).values_list("claim_id", "sentence_id"):
            sentences.setdefault(claim_id, []).append(sentence_id)

        def span(text: str, start: int | None, end: int | None) -> dict | None:
            return None if start is None else {"start": start, "end": end, "text": text[start:end]}

        out = []
        for r in rows:
            text = r.pop("document__text")
            out.append(
                {
                    "id": r["id"],
                    "document": r["document_id"],
                    "sentences": sentences.get(r["id"], []),
                    "speaker": {"id": r["speaker_id"], "name": r["speaker__name"]}
                    if r["speaker_id"]
                    else None,
                    "speaker_mention": span(text, r["speaker_start"], r["speaker_end"]),
                    "cue": span(text, r["cue_start"], r["cue_end"]),
                    "content": span(text, r["content_start"], r["content_end"]),
                    "kind": r["kind"],
                    "status": r["status"],
                    "origin": r["origin"],
                    "check_worthiness": r["check_worthiness"],
                    "conditions": conditions.get(r["id"], []),
                    "created_at": r["created_at"],
                    "updated_at": r["updated_at"],
                }
            )
        return out

    def _database_url(self) -> str:
        db = connection.settings_dict
        if connection.vendor == "sqlite":
            return f"sqlite:///{db['NAME']}"
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def _exports(self, target: int, seed: int) -> None:
        self._say()
        urls = [u for u in ("/api/export/claims.csv", "/api/export/dump.jsonl") if _route_exists(u)]
        if not urls:
            self._say("export: no export endpoint in this version; skipped")
            return
        while Claim.objects.count() < target:
            generate_corpus(round((target - Claim.objects.count()) / 0.65) + 100, seed=seed)
            seed += 1
        self._client()  # the signed-in user the probe uses
        claims = Claim.objects.count()
        self._say(f"export: peak RSS of a process streaming each export ({claims:,} claims)")
        env = {**os.environ, "DATABASE_URL": self._database_url()}
        for url in urls:
            out = subprocess.run(
                [sys.executable, "manage.py", "benchmark", "--export-probe", url],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800, check=False,
            )  # fmt: skip
            if out.returncode != 0:
                self._say(f"  {url}: failed: {out.stderr.strip()[-500:]}")
                continue
            self._say(f"  {url}: {out.stdout.strip()}   (target < 300 MB)")

    def _export_probe(self, url: str) -> None:
        before = _peak_rss_mb()
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            client = Client()
            client.force_login(User.objects.get(username="benchmark"))
            started = time.perf_counter()
            response = client.get(url)
            size = 0
            chunks = response.streaming_content if response.streaming else [response.content]
            for chunk in chunks:
                size += len(chunk)
            seconds = time.perf_counter() - started
        peak = _peak_rss_mb()
        self._say(
            f"{size / 1e6:.1f} MB in {seconds:.1f} s, status {response.status_code}, "
            f"streamed={response.streaming}, peak RSS {peak:.0f} MB (before the request "
            f"{before:.0f} MB)"
        )
