"""The article's own voice: sentence filters and check-worthiness.

A sentence becomes an ``assertion`` claim when it is not a heading, question, byline, dateline,
date line or boilerplate ("Read also:"), is not part of an attributed claim, and its
check-worthiness reaches :data:`ASSERTION_THRESHOLD`.

Check-worthiness is a transparent additive score in ``[0, 1]`` over the tokens of the claim:

* base 0.2;
* +0.2 if it contains a number, percentage, amount or quantity;
* +0.08 per distinct named entity (people, organisations, places, groups, events, laws), at
  most +0.24;
* +0.15 if it contains a date or time expression;
* +0.08 for a comparative or superlative ("larger", "most forceful");
* +0.12 for a past-tense or perfect event verb ("signed", "have carried out");
* -0.1 per hedge or opinion marker (modal may/might/could/should, seem, appear, believe...), at
  most -0.3; -0.1 for an evaluative adjective ("wonderful"); -0.15 for a first- or
  second-person subject (personal experience, not a checkable fact); -0.2 for fewer than five
  words.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from .lexicon import (
    BOILERPLATE_RE,
    BYLINE_RE,
    CLOSING_TRAIL,
    DATE_ONLY_RE,
    DATELINE_RE,
    FINAL_PUNCT,
    HEDGE_WORDS,
    OPINION_ADJECTIVES,
)

ASSERTION_THRESHOLD = 0.4
_NUMBER_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_DATE_ENTS = frozenset({"DATE", "TIME"})
_NAMED_ENTS = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
)
_PERSONAL_SUBJECTS = frozenset({"i", "we", "you"})
_COMPARATIVE_TAGS = frozenset({"JJR", "JJS", "RBR", "RBS"})


def _core(text: str) -> str:
    """Sentence text without trailing closing quotes/brackets and whitespace."""
    core = text.rstrip()
    while core and core[-1] in CLOSING_TRAIL:
        core = core[:-1].rstrip()
    return core


def is_question(text: str) -> bool:
    """True if the sentence is a question (ends with a question mark)."""
    return _core(text).endswith("?")


def is_heading(text: str, line_ends_here: bool) -> bool:
    """A short line without final punctuation ("Why does Russia care?" is a question instead)."""
    core = _core(text)
    if not core:
        return True
    if core[-1] in FINAL_PUNCT:
        return False
    return line_ends_here and len(core.split()) <= 25


def is_boilerplate(text: str) -> bool:
    """Bylines, date lines, "Read also:"-style lines and other page furniture."""
    stripped = text.strip()
    if BOILERPLATE_RE.match(stripped) or DATE_ONLY_RE.match(stripped):
        return True
    if BYLINE_RE.match(stripped) and len(stripped.split()) <= 12:
        return True
    return stripped.endswith(":") and len(stripped.split()) <= 6


def never_a_claim(text: str, line_ends_here: bool) -> bool:
    """Sentences that must never produce a claim of any kind."""
    return is_question(text) or is_boilerplate(text) or is_heading(text, line_ends_here)


def dateline_length(text: str) -> int:
    """Length of a leading dateline ("MOSCOW (Reuters) - "), or 0."""
    match = DATELINE_RE.match(text)
    return match.end() if match else 0


#: ``Token.ent_iob`` values: an entity's first token, and one of its following tokens.
_BEGIN, _INSIDE = 3, 1


def check_worthiness(span: SpacySpan) -> float:
    """Score how checkable the claim in ``span`` is; see the module docstring for features."""
    score = 0.2
    words = 0
    hedges = 0
    has_number = has_date = comparative = past = personal = opinion = False
    # Named entities wholly inside the span (what ``span.ents`` gives, without building it).
    entities = 0
    last_named = False
    for t in span:
        ent = t.ent_type_
        if t.ent_iob == _BEGIN:
            last_named = ent in _NAMED_ENTS
            entities += last_named
        if t.is_punct or t.is_space:
            continue
        words += 1
        if t.like_num or ent in _NUMBER_ENTS:
            has_number = True
        if ent in _DATE_ENTS:
            has_date = True
        tag = t.tag_
        if tag in _COMPARATIVE_TAGS:
            comparative = True
        if t.pos_ == "VERB" and (
            tag == "VBD" or (tag == "VBN" and any(c.lemma_ == "have" for c in t.children))
        ):
            past = True
        low = t.lower_
        if low in HEDGE_WORDS:
            hedges += 1
        if t.pos_ == "ADJ" and low in OPINION_ADJECTIVES:
            opinion = True
        if t.dep_ in {"nsubj", "nsubjpass"} and low in _PERSONAL_SUBJECTS:
            personal = True
    if has_number:
        score += 0.2
    if last_named and span.end < len(span.doc) and span.doc[span.end].ent_iob == _INSIDE:
        entities -= 1  # the last one runs on past the span's end
    score += min(0.24, 0.08 * entities)
    if has_date:
        score += 0.15
    if comparative:
        score += 0.08
    if past:
        score += 0.12
    score -= min(0.3, 0.1 * hedges)
    if opinion:
        score -= 0.1
    if personal:
        score -= 0.15
    if words < 5:
        score -= 0.2
    return round(min(1.0, max(0.0, score)), 3)
