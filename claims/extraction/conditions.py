"""Conditions that bound a claim: conditional, only-if, unless, negation and temporal spans.

Found in one pass over the tokens from the dependency parse and small closed word lists:

* ``conditional``: clauses marked by *if*, *even if*, *in case (of)*, *in the
  event (of/that)*, *depending on*, *assuming that*, and subject-auxiliary inversions with
  *should*/*were*/*had* ("should the leader be killed", "were Russia to attack", "had it
  happened"). *if*/*whether* complements of question verbs ("asked if") are indirect questions,
  not conditions.
* ``only_if``: *only if*, *only when*, *provided (that)*, *as/so long as*, *on (the) condition
  that*, and *if* clauses whose governing verb is restricted by *only* ("would only agree ...
  if ...").
* ``unless``: *unless* clauses.
* ``negation``: deliberately narrow: a negated copular predication ("their treaty is not a
  mutual defence pact", "is not merely a regional issue"), which qualifies what the claim
  asserts. Negated events ("has not sent"), "not only ... but" and negations inside a question
  are not conditions.
* ``temporal``: deadlines and validity windows: *within/until/till/by/before/after/through* +
  a time expression ("within two weeks", "by the end of June"), *no later than* + a time,
  *in/over/for the next|coming* + time noun, and *until/till/before* clauses.

Spans include the connective (GUM convention); the evaluation strips it for corpora that
exclude it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from corpus.nlp import doc_text

from .lexicon import (
    CONDITIONAL_MARKS,
    CONDITIONAL_SEQUENCES,
    INDIRECT_QUESTION_HEADS,
    INVERSION_AUXILIARIES,
    ONLY_IF_SEQUENCES,
    SPEECH_VERBS,
    STANCE_VERBS,
    TEMPORAL_CLAUSE_MARKS,
    TEMPORAL_PREPOSITIONS,
    TIME_NOUNS,
    UNLESS_MARKS,
)

_TIME_ENTS = frozenset({"DATE", "TIME"})
_TRIM_CHARS = frozenset(",;:\u2014\u2013-")
_NEXT_WORDS = frozenset({"next", "coming", "following"})
_CLAUSE_BREAKS = frozenset({"\u2014", "\u2013", ";", "--", "("})


def ctx_outside_quote(doc: Doc, start_tok: int, k: int) -> bool:
    """True unless a quotation opened between the connective and token ``k`` is still open."""
    marks = sum(1 for t in doc[start_tok:k] if t.text in {'"', "\u201c", "\u201d"})
    return marks % 2 == 0


@dataclass(frozen=True, slots=True)
class FoundCondition:
    """A condition before attachment: kind, character range, and the token it modifies."""

    kind: str
    start: int
    end: int
    anchor: int


class _DocInfo:
    """Per-document values computed once (``doc.text`` and ``token.sent`` are not free)."""

    __slots__ = ("lower", "question", "sent_start", "text")

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.lower = [t.lower_ for t in doc]
        self.sent_start = [0] * len(doc)
        self.question = [False] * len(doc)
        for sent in doc.sents:
            is_q = (
                self.text[sent.start_char : sent.end_char]
                .rstrip()
                .rstrip("\"'\u201d\u2019")
                .endswith("?")
            )
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
                self.question[i] = is_q


def _trimmed(doc: Doc, first: int, last: int, text: str) -> tuple[int, int] | None:
    """Character range of tokens ``first..last`` (inclusive) without edge punctuation."""
    start = doc[first].idx
    end = doc[last].idx + len(doc[last])
    while start < end and (text[start].isspace() or text[start] in _TRIM_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM_CHARS):
        end -= 1
    return (start, end) if end > start else None


def _lowers_at(lower: list[str], i: int, seq: tuple[str, ...]) -> bool:
    """Whether the lower-cased tokens from ``i`` on are ``seq``."""
    return tuple(lower[i : i + len(seq)]) == seq


def _clause_head(token: Token) -> Token:
    """The clause governed by a connective: the mark's head, or the connective's object."""
    if token.dep_ in {"mark", "advmod", "aux", "auxpass", "prep", "cc"} and token.head != token:
        return token.head
    return token


def _connective_provided(doc: Doc, t: Token) -> bool:
    """ "provided"/"providing" open a condition only at a clause boundary and before a clause:
    "..., provided the talks continue", not "had provided safeguards", "provided by the Act".
    """
    # "... call off the strike provided the company raised wages": without a comma, only
    # when parsed as a connective over a clause with a subject of its own
    if (
        t.i > 0
        and not (doc[t.i - 1].is_punct or doc[t.i - 1].lower_ == "only")
        and (doc[t.i - 1].lemma_ in {"have", "be"} or _governed_clause(t) is None)
    ):
        return False
    if t.i + 1 >= len(doc) or doc[t.i + 1].pos_ in {"ADP", "PUNCT", "ADV", "PART"}:
        return False
    return not any(c.dep_ in {"dobj", "agent", "dative"} for c in t.children)


def _governed_clause(connective: Token) -> Token | None:
    """The tensed clause with its own subject that a connective parsed as a preposition or
    a mark governs ("provided [the company raised wages]"), or None."""
    if connective.dep_ not in {"prep", "mark"}:
        return None
    for clause in connective.children:
        if (
            clause.dep_ in {"pcomp", "ccomp", "advcl"}
            and clause.tag_ in {"VBD", "VBZ", "VBP"}
            and any(c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children)
        ):
            return clause
    return None


_IF_IDIOM_NEXT = frozenset({"any", "ever", "anything", "anyone", "at", "not", "so", "only"})
_IF_IDIOM_BEFORE = frozenset({"few", "little", "rarely", "seldom", "hardly", "scarcely"})


def _if_idiom(doc: Doc, t: Token) -> bool:
    """ "few if any", "rarely if ever", "if at all": a hedge on a quantity, not a condition."""
    if t.i + 1 >= len(doc) or doc[t.i + 1].lower_ not in _IF_IDIOM_NEXT:
        return False
    before = doc[t.i - 1] if t.i > 0 else None
    after_next = doc[t.i + 2] if t.i + 2 < len(doc) else None
    if before is not None and before.lower_ in _IF_IDIOM_BEFORE:
        return True
    # "..., if at all,", "..., if any." : the idiom closes before punctuation
    return doc[t.i + 1].lower_ in {"any", "ever", "at"} and (
        after_next is None or after_next.is_punct or after_next.lower_ == "all"
    )


def _is_indirect_question(head: Token) -> bool:
    if head.dep_ not in {"ccomp", "xcomp", "dobj", "pobj", "advcl"}:
        return False
    governor = head.head
    return governor.lemma_.lower() in INDIRECT_QUESTION_HEADS and head.dep_ != "advcl"


def _restricted_by_only(mark: Token, clause: Token) -> bool:
    """ "would only agree ... if": *only* modifies the verb the if-clause depends on."""
    governor = clause.head
    if governor == clause:
        return False
    return any(c.lower_ == "only" and c.i < mark.i for c in governor.children)


def _clause_range(doc: Doc, start_tok: int, clause: Token, text: str) -> tuple[int, int] | None:
    last = clause.right_edge.i
    # an apposition or aside after a dash or semicolon is not part of the condition
    for k in range(start_tok + 1, last + 1):
        if doc[k].text in _CLAUSE_BREAKS and ctx_outside_quote(doc, start_tok, k):
            last = k - 1
            break
    for k in range(start_tok + 2, last + 1):
        # "if the exam was not deferred care would be taken": without a comma the parser may
        # hang the consequent inside the condition; a modal of another verb starts it
        tok = doc[k]
        if (
            tok.tag_ == "MD"
            and tok.head != clause
            and tok.head.i > clause.i
            and not (
                tok.head.dep_ in {"ccomp", "xcomp"}
                and tok.head.head.lemma_.lower() in SPEECH_VERBS | STANCE_VERBS
            )
        ):
            # (not the complement of the condition's own verb: "if you think it should be")
            verb = tok.head
            subject = next(
                (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None
            )
            cut = (subject.left_edge.i if subject is not None and subject.i < k else k) - 1
            if cut >= clause.i:
                last = min(last, cut)
            break
    nxt = clause.right_edge.i + 1
    if (
        last == clause.right_edge.i
        and nxt < len(doc)
        and doc[nxt].tag_ == "MD"
        and any(c.dep_ == "auxpass" for c in clause.children)
    ):
        # "if the exam was not postponed care would be taken": a passive verb has no object;
        # the "object" right before the consequent's modal is the consequent's subject
        obj = next((c for c in clause.rights if c.dep_ == "dobj"), None)
        if obj is not None and obj.right_edge.i == last:
            last = obj.left_edge.i - 1
    for k in range(start_tok + 2, last + 1):
        # "if X, then Y": the consequent starts at "then"
        if (
            doc[k].lower_ == "then"
            and doc[k - 1].text == ","
            and ctx_outside_quote(doc, start_tok, k)
        ):
            last = k - 2
            break
    if clause.dep_ == "ROOT":
        # the parser made the condition the main clause: stop at the first comma
        for k in range(start_tok + 1, last + 1):
            if doc[k].text == ",":
                last = k - 1
                break
    if last < start_tok:
        return None
    return _trimmed(doc, start_tok, last, text)


def _is_time_phrase(obj: Token) -> bool:
    if obj.ent_type_ in _TIME_ENTS:
        return True
    if obj.lemma_.lower() in TIME_NOUNS or obj.lower_ in TIME_NOUNS:
        return True
    return obj.like_num and len(obj.text) == 4 and obj.text.isdigit()


def find_conditions(doc: Doc) -> list[FoundCondition]:
    """Return every condition in ``doc`` with the token it modifies, in text order."""
    info = _DocInfo(doc)
    found: list[FoundCondition] = []
    taken_until = -1
    n = len(doc)
    for t in doc:
        if t.i <= taken_until and t.dep_ != "neg":
            continue
        low = info.lower[t.i]
        result: tuple[str, int, Token] | None = None  # kind, first token, clause head
        for seq in ONLY_IF_SEQUENCES:
            if low == seq[0] and _lowers_at(info.lower, t.i, seq):
                if len(seq) == 1 and not _connective_provided(doc, t):
                    break
                last_conn = doc[t.i + len(seq) - 1]
                clause = _governed_clause(last_conn) or _clause_head(last_conn)
                if clause == last_conn and t.i + len(seq) < n:
                    clause = doc[t.i + len(seq)].head
                result = ("only_if", t.i, clause)
                break
        if result is None:
            for seq in CONDITIONAL_SEQUENCES:
                if low == seq[0] and _lowers_at(info.lower, t.i, seq):
                    last_conn = doc[t.i + len(seq) - 1]
                    if last_conn.dep_ in {"prep", "pcomp"} or last_conn.pos_ == "ADP":
                        # "in case of fire", "depending on the scenario": the prepositional
                        # phrase is the condition
                        first = doc[t.i]
                        right = max(last_conn.right_edge.i, first.right_edge.i)
                        rng = _trimmed(doc, t.i, right, info.text)
                        if rng:
                            found.append(FoundCondition("conditional", *rng, first.head.i))
                            taken_until = right
                        result = None
                        break
                    clause = _clause_head(last_conn)
                    if clause.i < t.i + len(seq) and doc[t.i].head.i >= t.i + len(seq):
                        # "In case the government does not change ...": the preposition hangs
                        # on the verb of the condition
                        clause = doc[t.i].head
                    result = ("conditional", t.i, clause)
                    break
        if result is None and low in CONDITIONAL_MARKS and t.dep_ in {"mark", "advmod"}:
            clause = _clause_head(t)
            if low == "if" and (_is_indirect_question(clause) or _if_idiom(doc, t)):
                continue
            kind = "only_if" if low == "if" and _restricted_by_only(t, clause) else "conditional"
            if low != "if":
                if clause.dep_ != "advcl":
                    continue
                # "once the deal is signed", "whenever it rains": a time from which something
                # holds, bounding the claim like a deadline, not an open condition
                kind = "temporal"
            result = (kind, t.i, clause)
        elif result is None and low in UNLESS_MARKS:
            result = ("unless", t.i, _clause_head(t))
        elif result is None and low in INVERSION_AUXILIARIES and t.dep_ in {"aux", "auxpass"}:
            clause = t.head
            if (
                clause.left_edge.i == t.i
                and any(
                    c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i > t.i for c in clause.children
                )
                and not (t.i > 0 and doc[t.i - 1].tag_ in {"WRB", "WP", "WDT"})
                and not info.question[t.i]
                and (t.i != info.sent_start[t.i] or clause.dep_ != "ROOT")
            ):
                result = ("conditional", t.i, clause)
        elif result is None and low in TEMPORAL_CLAUSE_MARKS and t.dep_ == "mark":
            clause = _clause_head(t)
            time = _time_taken_for_subject(doc, t, clause)
            if time is not None:
                rng = _trimmed(doc, t.i, time, info.text)
                if rng is not None:
                    anchor = clause.head.i if clause.head != clause else clause.i
                    found.append(FoundCondition("temporal", rng[0], rng[1], anchor))
                continue
            result = ("temporal", t.i, clause)
        if result is not None:
            kind, first, clause = result
            rng = _clause_range(doc, first, clause, info.text)
            if rng is not None:
                anchor = clause.head.i if clause.head != clause else clause.i
                found.append(FoundCondition(kind, rng[0], rng[1], anchor))
                taken_until = max(taken_until, clause.right_edge.i)
            continue
        temporal = _temporal_phrase(doc, t, info.text)
        if temporal is not None:
            found.append(temporal)
            continue
        negation = _negation(doc, t, info)
        if negation is not None:
            found.append(negation)
    return found


def _time_taken_for_subject(doc: Doc, mark: Token, clause: Token) -> int | None:
    """The last token of a date or time the parser made the subject of an "until" clause
    ("waiting until June risked doing damage": the deadline is "until June", not a clause),
    or None."""
    if mark.i + 1 >= len(doc):
        return None
    first = doc[mark.i + 1]
    if first.ent_type_ not in _TIME_ENTS or first.ent_iob_ != "B":
        return None
    if not any(c.dep_ in {"nsubj", "nsubjpass"} and c.i == first.i for c in clause.children):
        return None
    last = first.i
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return last


def _temporal_phrase(doc: Doc, t: Token, text: str) -> FoundCondition | None:
    if t.dep_ != "prep":
        return None
    low = t.lower_
    objects = [c for c in t.children if c.dep_ == "pobj"]
    if not objects:
        return None
    obj = objects[0]
    if (
        low == "than"
        and t.i >= 2
        and doc[t.i - 1].lower_ in {"later", "sooner"}
        and doc[t.i - 2].lower_ in {"no", "not"}
        and _is_time_phrase(obj)
    ):
        # "no later than Friday": a deadline
        rng = _trimmed(doc, t.i - 2, t.right_edge.i, text)
        return FoundCondition("temporal", *rng, doc[t.i - 1].head.i) if rng else None
    if low in TEMPORAL_PREPOSITIONS:
        if not _is_time_phrase(obj):
            return None
    elif low in {"in", "over", "for", "during"}:
        if not (_is_time_phrase(obj) and any(c.lower_ in _NEXT_WORDS for c in obj.subtree)):
            return None
    else:
        return None
    rng = _trimmed(doc, t.i, t.right_edge.i, text)
    if rng is None:
        return None
    return FoundCondition("temporal", rng[0], rng[1], t.head.i)


def _negation(doc: Doc, t: Token, info: _DocInfo) -> FoundCondition | None:
    if t.dep_ != "neg" or t.lower_ not in {"not", "n't", "never"}:
        return None
    head = t.head
    if head.lemma_ != "be" or head.pos_ != "AUX":
        return None
    if t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "only":
        return None
    if info.question[t.i]:
        return None
    preds = [c for c in head.children if c.dep_ in {"attr", "acomp"} and c.i > t.i]
    if not preds:
        return None
    rng = _trimmed(doc, t.i, preds[0].right_edge.i, info.text)
    if rng is None:
        return None
    return FoundCondition("negation", rng[0], rng[1], head.i)
