"""Comparing two claims' texts: blocking keys, similarity and the relation between them.

Plain Python (no Django), so the scoring can be tested and benchmarked alone. The
database side (which claims to compare, storing suggestions) lives in :mod:`claims.linking`.

A claim is reduced to a :class:`ClaimText`: its content words (lower-cased, lightly stemmed,
without stop words and reporting verbs), the numbers it states, its polarity (negated or not),
its quoted fragments and its conditions. Two such values are compared by
:func:`compare`, which returns a :class:`Match` (relation and score) or ``None``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: English function words and news-prose fillers that carry no proposition.
STOP_WORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just may me might more most must my myself now of off on once only or
    other our ours ourselves out over own same shall she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up upon
    us very was we were what when where which while who whom why will with would you your yours
    yourself yourselves mr mrs ms dr one's s t d ll re ve m o y ma let lets get got going go
    well still already yet really quite much many every everyone everything anything something
    thing things way ways whether though although however instead rather since per via
    """
)
#: Reporting verbs and cue words: they say how a claim was made, not what it says.
CUE_WORDS = _words(
    """
    say said says saying tell told tells telling add added adds state stated states stating
    claim claimed claims warn warned warns warning insist insisted insists note noted notes
    according declare declared declares announce announced announces explain explained
    explains ask asked asks reply replied replies respond responded responds suggest suggested
    suggests comment commented comments remark remarked remarks argue argued argues accord
    """
)
#: Words that flip a proposition's polarity.
NEGATIONS = frozenset({"not", "no", "never", "n't", "nobody", "nothing", "neither", "nor", "none"})
#: "not only", "not merely": an intensifier, not a negation.
NOT_NEGATING_AFTER = frozenset({"only", "merely", "just", "least", "simply"})
NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "hundred": "100", "thousand": "1000", "million": "1000000",
    "billion": "1000000000", "dozen": "12", "half": "0.5",
}  # fmt: skip

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*|n['’]t", re.UNICODE)
# Quoted fragments: straight or curly double quotes, and curly single quotes.
_QUOTE = re.compile(r"[\"“”]([^\"“”]{3,})[\"“”]|‘([^‘’]{3,})’")
_BRACKETED = re.compile(r"\[[^\]]*\]")
_SUFFIXES = ("ies", "ing", "ed", "es", "s")

#: Thresholds on the similarity (0 to 1) of two claims' content words.
SAME_PROPOSITION = 0.45
RELATED = 0.3
#: A shared quoted fragment must be at least this many words to count as the same remark.
MIN_QUOTE_WORDS = 3


def _stem(word: str) -> str:
    """A light, deterministic stemmer: enough to match "countries"/"country", "signed"/"sign"."""
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix == "ies":
                return stem + "y"
            if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2]:
                stem = stem[:-1]  # "stopped" -> "stop"
            return stem
    return word


def tokens(text: str) -> list[str]:
    """Lower-cased word and number tokens, with typographic apostrophes straightened."""
    out: list[str] = []
    for raw in _TOKEN.findall(text.replace("’", "'")):
        word = raw.lower()
        if word.endswith("n't") and word != "n't":
            out.extend((word[:-3] or word, "n't"))
            continue
        if word.endswith("'s"):
            word = word[:-2]
        out.append(word)
    return out


def _number(token: str) -> str | None:
    if token[0].isdigit():
        return token.rstrip("%").replace(",", "")
    return NUMBER_WORDS.get(token)


@dataclass(frozen=True, slots=True)
class ClaimText:
    """What the comparison needs to know about one claim."""

    words: tuple[str, ...]
    numbers: frozenset[str]
    negated: bool
    quotes: tuple[str, ...]
    conditions: frozenset[str]
    speaker: int | None
    word_set: frozenset[str] = frozenset()


def analyse(text: str, *, speaker: int | None = None, conditions: Iterable[str] = ()) -> ClaimText:
    """Reduce a claim's content text (and its conditions' texts) to a :class:`ClaimText`."""
    raw = tokens(_BRACKETED.sub(" ", text))
    words: list[str] = []
    numbers: set[str] = set()
    negations = 0
    for i, token in enumerate(raw):
        if token in NEGATIONS:
            following = raw[i + 1] if i + 1 < len(raw) else ""
            if following not in NOT_NEGATING_AFTER:
                negations += 1
            continue
        number = _number(token)
        if number is not None:
            numbers.add(number)
            continue
        if token in STOP_WORDS or token in CUE_WORDS or len(token) < 2:
            continue
        words.append(_stem(token))
    quotes = tuple(
        " ".join(tokens(_BRACKETED.sub(" ", a or b)))
        for a, b in _QUOTE.findall(text)
        if len(tokens(a or b)) >= MIN_QUOTE_WORDS
    )
    condition_words = frozenset(
        _stem(t)
        for condition in conditions
        for t in tokens(condition)
        if t not in STOP_WORDS and t not in NEGATIONS
    )
    return ClaimText(
        words=tuple(words),
        numbers=frozenset(numbers),
        negated=negations % 2 == 1,
        quotes=quotes,
        conditions=condition_words,
        speaker=speaker,
        word_set=frozenset(words),
    )


def blocking_keys(claim: ClaimText, *, limit: int = 16) -> list[str]:
    """The keys under which a claim is filed for candidate retrieval.

    The speaker (``s:<actor id>``), the numbers it states (``n:<value>``) and its longest
    content words (the longer a word, the more it tends to name something specific).
    """
    keys = [f"s:{claim.speaker}"] if claim.speaker is not None else []
    keys.extend(f"n:{n}"[:64] for n in sorted(claim.numbers)[:4])
    words = sorted({w for w in claim.words if len(w) >= 3}, key=lambda w: (-len(w), w))
    keys.extend(f"w:{w}"[:64] for w in words[: max(0, limit - len(keys))])
    return keys


def _quote_match(a: Sequence[str], b: Sequence[str]) -> float:
    """How well the best pair of quoted fragments matches (one inside the other), 0 to 1."""
    best = 0.0
    for qa in a:
        for qb in b:
            shorter = min(len(qa.split()), len(qb.split()))
            if shorter < MIN_QUOTE_WORDS:
                continue
            best = max(best, fuzz.partial_ratio(qa, qb) / 100)
    return best


def similarity(a: ClaimText, b: ClaimText, weight: Callable[[str], float] | None = None) -> float:
    """Similarity of two claims' content words, 0 to 1.

    The mean of a weighted Dice coefficient (shared words against all words) and a weighted
    containment (shared words against the shorter claim's words). ``weight`` gives each word
    its informativeness (rarer words weigh more; see :func:`rarity_weight`); without it every
    word weighs 1. One shared word scores 0 and two score low: too little to say two claims
    state the same thing.
    """
    sa, sb = a.word_set, b.word_set
    shared = sa & sb
    if len(shared) < 2:
        return 0.0
    w = weight or (lambda _word: 1.0)
    inter = sum(map(w, shared))
    total_a, total_b = sum(map(w, sa)), sum(map(w, sb))
    dice = 2 * inter / (total_a + total_b)
    containment = inter / min(total_a, total_b)
    score = (dice + containment) / 2
    if len(shared) < 3:
        score *= 0.6
    return min(1.0, score)


def rarity_weight(frequency: int, cap: int) -> float:
    """How much a word tells, from how many claims use it (counted up to ``cap``).

    ``log(1 + cap / frequency)``: a word seen once weighs about three times a word seen in
    ``cap`` claims or more (a country everyone mentions, a stock phrase).
    """
    return math.log(1 + cap / max(1, min(cap, frequency)))


@dataclass(frozen=True, slots=True)
class Match:
    """The machine's view of how claim ``a`` relates to claim ``b``."""

    relation: str
    score: float
    conditions_differ: bool


def _conditions_differ(a: ClaimText, b: ClaimText) -> bool:
    if not a.conditions and not b.conditions:
        return False
    if not a.conditions or not b.conditions:
        return True
    inter = len(a.conditions & b.conditions)
    return 2 * inter / (len(a.conditions) + len(b.conditions)) < 0.5


def compare(
    a: ClaimText, b: ClaimText, weight: Callable[[str], float] | None = None
) -> Match | None:
    """The relation between two claims, or ``None`` when they are not worth linking.

    Rules (first that applies):

    * a shared quoted fragment of three words or more from the same speaker is the same remark
      reported twice: ``same_claim``;
    * the same proposition (similarity at least :data:`SAME_PROPOSITION`) with opposite
      polarity, or with different numbers, ``contradicts``;
    * the same proposition under different conditions ``refines`` (never a plain duplicate);
    * the same proposition from the same speaker, or stated twice in the articles' own voice,
      is the ``same_claim``; from different speakers, one ``supports`` the other;
    * a weaker but real overlap (at least :data:`RELATED`) is ``related``.

    ``conditions_differ`` is set whenever the two claims' conditions differ, whatever the
    relation, so editors see it.
    """
    same_speaker = a.speaker is not None and a.speaker == b.speaker
    differ = _conditions_differ(a, b)
    quote = _quote_match(a.quotes, b.quotes) if same_speaker else 0.0
    if quote >= 0.9:
        relation = "refines" if differ else "same_claim"
        return Match(relation, round(min(1.0, 0.5 + quote / 2), 3), differ)
    score = similarity(a, b, weight)
    if score >= SAME_PROPOSITION:
        numbers_clash = bool(a.numbers and b.numbers and not (a.numbers & b.numbers))
        if a.negated != b.negated or numbers_clash:
            return Match("contradicts", round(score, 3), differ)
        if differ:
            return Match("refines", round(score, 3), True)
        if same_speaker or (a.speaker is None and b.speaker is None):
            return Match("same_claim", round(score, 3), False)
        return Match("supports", round(score, 3), False)
    if score >= RELATED:
        return Match("related", round(score, 3), differ)
    return None
