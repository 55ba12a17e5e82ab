"""Attributed claims: direct quotes, indirect speech, mixed quotes, stance and belief.

Three sources, combined in one pass over the tokens plus one pass over the quotations:

1. *Cue frames from the parse*: a reporting or stance verb (lexicons in :mod:`.lexicon`) with a
   clausal complement (``ccomp``) and a subject; "according to X" with the clause it modifies;
   "dismissed suggestions that ..."; "X is concerned that ..."; "I have no doubt that ...";
   "X sees Y as Z"; "X called Y 'Z'". The complement is the content. If the content lies inside
   one quotation, the claim is ``direct`` and its content is the whole quotation; if it
   contains a quotation (or a quoted fragment) it is ``mixed``; otherwise ``indirect``.
2. *Quotations without a frame* whose sentence has a speech verb outside the quotation ("“...,”
   said Mr Peskov, speaking at ...") are attributed to that verb's subject.
3. *Set-ups and continuations*: a quotation with no cue in its sentences goes to the speaker
   the sentence before it sets up ("Opposition leader Mary Jones disagreed. “...”", "The mayor
   was defiant: “...”"), else to the speaker of the closest preceding attributed claim within
   a few sentences (news style: the speaker is named where the previous quote closes or just
   before).

Frames beyond "X said (that) Y", each written for a class of parser slips or news style:
"according to X" anywhere in the clause (at a sentence edge it takes the rest of the
sentence); "As X told Y, ..." and "As reported by X, ..."; inverted cues after quotations
("..., added KCNA", "said the spokesman"); "“...” — Name"; reporting nouns with a possessor
("Russia's claim that ..."); "warned of ...", "insisted on ..."; accusations ("accused X of
Y", "blamed X on Y"); a cue set into the clause it reports ("The plan, he said, would cost
...", whose content is the whole clause); "quoted as saying" (who is quoted, not who quotes);
documents and figures named as speakers stand for their issuer ("a statement from the
ministry", "figures published by Eurostat"); and parser slips: reporting verbs tagged as
nouns, complements parsed as objects, conjuncts, gerunds or relative clauses ("said after the
verdict that ..."), a complementiser "that" not attached to its clause, a reduced relative
("a deal analysts said would ..."), a speaker's role words hung on the quotation before it.
A phrase of when or how it was said ("said on Monday it would ...") is left out of the
content. A second report hung inside a complement ("... and claim B", "..., with X saying B")
ends the first claim's content.

Content spans of direct and mixed claims include the quotation marks (as in the GUM
attribution annotation); indirect content is the complement clause including its
complementiser ("that ...").

A quotation running over several sentences is one claim whose ``sentence_indices`` list every
sentence: the quotation is the unit an editor checks and cites ("in which words"), and its
sentences share one speaker and one cue. (Sentence-level scoring, as in ``manage.py evaluate``,
sees each sentence's part of it.)

A claim whose cue sits inside an attributed quotation is extracted separately only when the
quoted speaker states it in the first person ("“I think prices will fall,” she said": the
speaker's stance on part of what was quoted); other frames inside quotations are part of the
quotation's claim, and are used on their own only if the quotation stays unattributed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from corpus.nlp import doc_text

from .lexicon import (
    INDIRECT_QUESTION_HEADS,
    PROPOSITION_NOUN_VERBS,
    PROPOSITION_NOUNS,
    QUESTION_VERBS,
    QUOTE_FRAME_VERBS,
    QUOTE_ONLY_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
    STANCE_VERBS,
    WEAK_STANCE_VERBS,
    words,
)
from .quotes import Quote
from .speakers import SPEAKER_NOUNS, SpeakerResolver

_EDGE_PUNCT = frozenset(",;:\u2014\u2013-.")
_OPEN_MARKS = frozenset("\"\u201c\u201e\u00ab'\u2018`")
_CLOSE_MARKS = frozenset("\"\u201d\u00bb'\u2019")
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "acl", "ccomp"})
_AS_VERBS = frozenset({"see", "regard", "view", "dismiss", "describe", "consider", "brand"})
_COPULAS = frozenset({"be", "feel", "remain", "seem", "become", "appear", "sound"})
_PROMPT_VERBS = frozenset({"ask", "press", "question", "quiz", "challenge"})
_CONTINUATION_WINDOW = 3  # sentences
_CUE_VERB_POS = frozenset({"VERB", "AUX"})
# Every lemma :func:`_verb_frame` can make a frame of (it returns None for any other).
_FRAME_VERBS = (
    PROPOSITION_NOUN_VERBS | QUOTE_FRAME_VERBS | _AS_VERBS | SPEECH_VERBS | STANCE_VERBS
) - QUESTION_VERBS


@dataclass(slots=True)
class RawClaim:
    """An attributed claim before speakers are frozen and conditions attached."""

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None
    cue_token: int
    speaker_key: str
    mention: tuple[int, int] | None
    quotes: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _QuoteInfo:
    quote: Quote
    first_token: int
    last_token: int
    speech: bool
    claimed: bool = False


class _Context:
    """Per-document state shared by the attribution passes."""

    def __init__(
        self,
        doc: Doc,
        quotes: Sequence[Quote],
        resolver: SpeakerResolver,
        sentence_starts: list[int],
        sentences: Sequence[tuple[int, int]],
    ) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.resolver = resolver
        self.sentence_starts = sentence_starts
        self.sentences = sentences
        self.quote_of_token: list[int] = [-1] * len(doc)
        self.quotes: list[_QuoteInfo] = []
        starts = [t.idx for t in doc]
        self.token_starts = starts
        for qi, q in enumerate(quotes):
            first = bisect_right(starts, q.start - 1)
            last = bisect_right(starts, q.end - 1) - 1
            if first > last:
                self.quotes.append(_QuoteInfo(q, first, last, False))
                continue
            for i in range(first, last + 1):
                self.quote_of_token[i] = qi
            words = [t for t in doc[first : last + 1] if not (t.is_punct or t.is_space)]
            has_verb = any(t.pos_ in _CUE_VERB_POS for t in words)
            inner = self.text[q.inner_start : q.inner_end].rstrip("\"'\u201d\u2019 ")
            speech = (has_verb and len(words) >= 3) or (
                bool(words) and inner[-1:] in {".", "!", "?"}
            )
            self.quotes.append(_QuoteInfo(q, first, last, speech))

    # -- offsets ------------------------------------------------------------------------

    def sentence_of(self, char: int) -> int:
        return max(0, bisect_right(self.sentence_starts, char) - 1)

    def chars(self, first: int, last: int) -> tuple[int, int] | None:
        """Trimmed character range of tokens ``first..last`` (inclusive)."""
        if last < first:
            return None
        doc, text = self.doc, self.text
        start = doc[first].idx
        end = doc[last].idx + len(doc[last])
        while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCT):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCT):
            end -= 1
        # an unpaired quotation mark at the edge is not part of the content
        if end > start and text[start] in _OPEN_MARKS and self.quote_at_char(start) < 0:
            start += 1
        if end > start and text[end - 1] in _CLOSE_MARKS and self.quote_at_char(end - 1) < 0:
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def quote_at_char(self, char: int) -> int:
        for qi, info in enumerate(self.quotes):
            if info.quote.start <= char < info.quote.end:
                return qi
        return -1

    def in_speech_quote(self, token: Token) -> int:
        qi = self.quote_of_token[token.i]
        return qi if qi >= 0 and self.quotes[qi].speech else -1

    # -- speakers -----------------------------------------------------------------------

    def speaker(
        self, head: Token, enclosing: str | None = None
    ) -> tuple[str, tuple[int, int]] | None:
        head = _document_source(head)
        key, (a, b) = self.resolver.resolve(head, enclosing)
        if key is None:
            return None
        rng = self.chars(a, b - 1)
        if rng is None:
            rng = (head.idx, head.idx + len(head))
        return key, rng


_DOCUMENT_NOUNS = words(
    """statement report study survey letter document memo release analysis filing poll
    communique transcript post tweet paper review assessment estimate figure data datum statistic
    number finding projection forecast census record"""
)
_SOURCE_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Participles naming who issued a document: "figures published by Eurostat".
_ISSUING_VERBS = words(
    "publish release issue compile produce prepare conduct commission write author sign"
)


def _document_source(head: Token) -> Token:
    """Who issued a document named as the speaker: "a statement from the Defence Ministry",
    "a report by the UN" -> the ministry, the UN. Other heads are returned unchanged."""
    if head.lemma_.lower() not in _DOCUMENT_NOUNS:
        return head
    preps = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}]
    for participle in head.rights:
        # "figures published by Eurostat", "a report released by the UN"
        # (not "a letter seen by Sky News": who saw or obtained a document did not issue it)
        if participle.dep_ == "acl" and participle.lemma_.lower() in _ISSUING_VERBS:
            preps += [c for c in participle.children if c.dep_ == "agent"]
    for prep in preps:
        for obj in prep.children:
            if obj.dep_ == "pobj" and (obj.ent_type_ in _SOURCE_ENTS or obj.pos_ == "PROPN"):
                return obj
    return head


def _subject(verb: Token) -> Token | None:
    """Subject of a cue verb, climbing through conjuncts, participles and relative clauses."""
    cur = verb
    for _ in range(5):
        for child in cur.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.lower_ in RELATIVE_PRONOUNS and cur.dep_ == "relcl":
                    return cur.head
                if child.dep_ == "nsubjpass":
                    for agent in cur.children:
                        if agent.dep_ == "agent":
                            objs = [c for c in agent.children if c.dep_ == "pobj"]
                            if objs:
                                return objs[0]
                    return None
                return child
        if cur.dep_ == "relcl":
            return cur.head
        if (
            cur.dep_ == "conj"
            and cur.head.dep_ == "ccomp"
            and cur.head.head.lemma_.lower() in SPEECH_VERBS | STANCE_VERBS
            and cur.lemma_.lower() in SPEECH_VERBS | STANCE_VERBS
        ):
            # "They claimed A and claim B": the second cue shares the first cue's subject
            cur = cur.head.head
            continue
        quoted = _quoted_as(cur)
        if quoted is not None:
            return quoted
        if cur.dep_ in _CLIMB_DEPS and cur.head != cur:
            cur = cur.head
            continue
        break
    return None


def _quoted_as(verb: Token) -> Token | None:
    """Who is quoted in "she was quoted by the BBC as saying ..." (she, not the BBC), "he
    was reported as saying ..." and "the paper quoted him as saying ..." (him), for the verb
    "saying"; else None."""
    prep = verb.head
    if not (verb.dep_ == "pcomp" and prep.dep_ == "prep" and prep.lower_ == "as"):
        return None
    if prep.head.lemma_.lower() not in {"quote", "cite", "report"}:
        return None
    deps = ("nsubjpass", "dobj")
    for dep in deps:
        for child in prep.head.children:
            if child.dep_ == dep:
                return child
    return None


#: Verbs whose infinitive complement did not happen: "refused to say", "declined to comment".
_REFUSAL_VERBS = frozenset({"refuse", "decline", "fail"})


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and (
        any(c.dep_ == "neg" for c in verb.head.children)
        or verb.head.lemma_.lower() in _REFUSAL_VERBS
    )


def _has_mark(clause: Token, words: frozenset[str]) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in words for c in clause.children)


_QUESTION_MARKS = frozenset({"if", "whether"})
_WH_TAGS = frozenset({"WP", "WRB", "WDT", "WP$"})
_THAT = frozenset({"that"})


def _is_question_clause(clause: Token, cue_lemma: str) -> bool:
    """ "whether ...", "if ...": an indirect question, not a reported proposition.

    Not when a "that" opens the clause ("that few if any manufacturers use ..."), and "if"
    after a verb that does not take questions is a condition on what was said ("warned if
    talks fail, ...").
    """
    if _has_mark(clause, _THAT):
        return False
    edge = clause.left_edge
    if edge.dep_ != "mark" or edge.lower_ not in _QUESTION_MARKS:
        return False
    return edge.lower_ == "whether" or cue_lemma in INDIRECT_QUESTION_HEADS


def _finite(clause: Token) -> bool:
    """True if the clause has a tensed verb or a modal ("drove", "would increase")."""
    if clause.tag_ in _FINITE_TAGS:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE_TAGS for c in clause.children)


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_PERCEPTION_VERBS = frozenset({"see", "hear", "watch", "notice", "feel", "observe", "let", "make"})


def _complement(verb: Token) -> Token | None:
    """The clause ``verb`` reports: its first ``ccomp`` (not too far to its left), unless one
    follows it directly. "a move critics said would worsen the shortage" is parsed with "said"
    as the root over both the sentence's main clause and "would worsen ...": the clause that
    runs on from the verb with no punctuation between is what was said.
    """
    found = None
    for child in verb.children:
        if child.dep_ != "ccomp" or child.i <= verb.i - 60:
            continue
        if found is None:
            found = child
        if child.i > verb.i and found.i < verb.i:
            between = verb.doc[verb.i + 1 : child.left_edge.i]
            if not any(t.is_punct for t in between):
                return child
    return found


def _conj_complement(verb: Token) -> Token | None:
    """A complement the parser coordinated with the cue: "They estimated by 2050, X would
    increase ..." (a finite ``conj`` with its own subject and no coordinator in between)."""
    doc = verb.doc
    for child in verb.rights:
        if child.dep_ != "conj":
            continue
        if any(doc[k].dep_ == "cc" and doc[k].head == verb for k in range(verb.i + 1, child.i)):
            return None
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "csubj"} for c in child.children)
        if doc[child.left_edge.i - 1].pos_ == "CCONJ":
            return None  # a coordinator the parser hung elsewhere: a real coordination
        has_object = any(
            c.dep_ == "dobj" and c.left_edge.i == verb.i + 1 and c.i < child.i
            for c in verb.children
        )
        if _finite(child) and (has_subject or has_object):
            return child
        return None
    return None


@dataclass(slots=True)
class _Frame:
    cue_first: int
    cue_last: int
    content_first: int
    content_last: int
    subject: Token


def _frames(doc: Doc, ctx: _Context) -> list[_Frame]:
    """Cue frames found from the parse, in document order."""
    frames: list[_Frame] = []
    for t in doc:
        lemma = t.lemma_.lower()
        low = t.lower_
        # "according to X"
        if low == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            frame = _according_to(doc, t)
            if frame is not None:
                frames.append(frame)
            continue
        if lemma in _FRAME_VERBS and _verb_like(t) and not _negated(t):
            frame = _verb_frame(t, lemma, ctx)
            if frame is not None:
                frames.append(frame)
                continue
        if lemma in _ACCUSATION_CUES and t.pos_ == "VERB" and not _negated(t):
            frame = _accusation_frame(t, lemma)
            if frame is not None:
                frames.append(frame)
                continue
        if low in STANCE_ADJECTIVES or lemma in STANCE_ADJECTIVES:
            frame = _adjective_frame(t)
            if frame is not None:
                frames.append(frame)
            continue
        if lemma in PROPOSITION_NOUNS and t.pos_ == "NOUN":
            frame = _noun_frame(t)
            if frame is not None:
                frames.append(frame)
                continue
        if lemma in STANCE_NOUNS and t.dep_ == "dobj" and t.head.lemma_ == "have":
            comp = next((c for c in t.children if c.dep_ in {"acl", "ccomp"}), None)
            if comp is None:
                comp = next((c for c in t.head.children if c.dep_ == "ccomp"), None)
            subject = _subject(t.head)
            if comp is not None and subject is not None and not _negated(t.head):
                frames.append(_Frame(t.head.i, t.i, comp.left_edge.i, comp.right_edge.i, subject))
    return frames


def _noun_frame(noun: Token) -> _Frame | None:
    """A reporting noun with its source and a that-clause: "Russia's claim that the troops had
    left", "the warning by the agency that prices would rise"."""
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in PROPOSITION_NOUN_VERBS:
        return None  # "dismissed suggestions that ...": reported by the verb's subject
    comp = next(
        (c for c in noun.rights if c.dep_ in {"acl", "ccomp"} and _has_mark(c, _THAT)), None
    )
    if comp is None:
        return None
    source = next((c for c in noun.lefts if c.dep_ == "poss"), None)
    if source is None:
        for prep in noun.rights:
            if prep.dep_ == "prep" and prep.lower_ in {"by", "from"} and prep.i < comp.i:
                source = next((c for c in prep.children if c.dep_ == "pobj"), None)
                break
    if source is None:
        return None
    return _Frame(noun.i, noun.i, comp.left_edge.i, comp.right_edge.i, source)


def _verb_like(t: Token) -> bool:
    """A verb, or a reporting verb the tagger took for a noun ("The department notes, ...").

    The small model often tags third-person "notes", "states", "warns" as plural nouns; such a
    token still heads a clause when it has both a subject and a clausal complement.
    """
    if t.pos_ in _CUE_VERB_POS:
        return True
    if t.tag_ not in {"NNS", "NN"} or t.lemma_.lower() not in SPEECH_VERBS:
        return False
    has_subject = any(c.dep_ in _SUBJECT_DEPS and c.i < t.i for c in t.children)
    return has_subject and any(c.dep_ == "ccomp" and c.i > t.i for c in t.children)


def _according_to(doc: Doc, t: Token) -> _Frame | None:
    to = doc[t.i + 1]
    objs = [c for c in to.children if c.dep_ in {"pobj", "pcomp"}] or [
        c for c in t.children if c.dep_ == "pobj"
    ]
    if not objs:
        return None
    obj = objs[0]
    head = t.head
    hops = 0
    while head.pos_ not in _CUE_VERB_POS and head.head != head and hops < 4:
        head = head.head
        hops += 1
    phrase_first, phrase_last = t.i, max(t.right_edge.i, to.right_edge.i)
    if obj.pos_ in _CUE_VERB_POS or obj.dep_ == "pcomp":
        # a name mis-tagged as a verb swallows the clause: "According to Rathbun the property
        # was returned": the phrase ends with the name
        phrase_last = obj.i
        while phrase_last + 1 < len(doc) and doc[phrase_last + 1].ent_iob_ == "I":
            phrase_last += 1
    sent = t.sent
    before = [k for k in range(sent.start, phrase_first) if not _is_edge(doc[k])]
    after = [k for k in range(phrase_last + 1, sent.end) if not _is_edge(doc[k])]
    if not after and before and doc[phrase_first - 1].text == ",":
        # "X happened, according to Y.": the whole clause before the phrase
        return _Frame(t.i, t.i + 1, before[0], phrase_first - 1, obj)
    if not before and after and phrase_last + 1 < sent.end and doc[phrase_last + 1].is_punct:
        # "According to Y, X happened."
        return _Frame(t.i, t.i + 1, phrase_last + 1, after[-1], obj)
    sub_first, sub_last = head.left_edge.i, head.right_edge.i
    # trailing punctuation and bracketed asides after the phrase do not count as content
    depth = 0
    trailing_only = True
    for k in range(phrase_last + 1, sub_last + 1):
        tok = doc[k]
        if tok.text in {"(", "["}:
            depth += 1
        elif tok.text in {")", "]"}:
            depth = max(0, depth - 1)
        elif depth == 0 and not tok.is_punct:
            trailing_only = False
            break
    if trailing_only and phrase_last < sub_last:
        sub_last = phrase_last
    if head == t or sub_first > phrase_first or sub_last < phrase_last:
        # the phrase is not inside the clause it should modify: take the sentence
        sub_first, sub_last = t.sent.start, t.sent.end - 1
    if phrase_first <= sub_first:
        first, last = phrase_last + 1, sub_last
    elif phrase_last >= sub_last:
        first, last = sub_first, phrase_first - 1
    else:
        first, last = sub_first, sub_last
    if last < first:
        return None
    return _Frame(t.i, t.i + 1, first, last, obj)


def _is_edge(tok: Token) -> bool:
    """Punctuation or space that can stand at a sentence edge without being content."""
    return tok.is_punct or tok.is_space


def _verb_frame(t: Token, lemma: str, ctx: _Context) -> _Frame | None:
    is_speech = lemma in SPEECH_VERBS
    is_stance = lemma in STANCE_VERBS
    if lemma in QUESTION_VERBS:
        return None
    if lemma in PROPOSITION_NOUN_VERBS:
        for obj in t.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in PROPOSITION_NOUNS:
                comp = next(
                    (c for c in obj.children if c.dep_ in {"acl", "ccomp"} and _has_mark(c, _THAT)),
                    None,
                )
                subject = _subject(t)
                if comp is not None and subject is not None:
                    return _Frame(t.i, obj.i, comp.left_edge.i, comp.right_edge.i, subject)
    if lemma in QUOTE_FRAME_VERBS:
        obj = next((c for c in t.children if c.dep_ == "dobj"), None)
        pred = next(
            (c for c in t.children if c.dep_ in {"oprd", "xcomp", "attr"} and c.i > t.i), None
        )
        subject = _subject(t)
        quoted = pred is not None and any(
            ctx.quote_of_token[k] >= 0 for k in range(pred.left_edge.i, pred.right_edge.i + 1)
        )
        if obj is not None and pred is not None and subject is not None and quoted:
            # only a quoted label is a claim: "called such a move “a dangerous step”"
            return _Frame(t.i, t.i, obj.left_edge.i, pred.right_edge.i, subject)
        return None
    if lemma in _AS_VERBS:
        # "Russia sees Iran as a vital partner", "dismissed the comment as unoffensive"
        obj = next((c for c in t.children if c.dep_ == "dobj"), None)
        as_ = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if as_ is None and obj is not None:
            as_ = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        subject = _subject(t)
        if obj is not None and as_ is not None and subject is not None and as_.i > obj.i:
            first = as_.i + 1 if obj.tag_ in {"WP", "WDT"} else obj.left_edge.i
            return _Frame(t.i, t.i, first, as_.right_edge.i, subject)
    if not (is_speech or is_stance):
        return None
    if is_stance and not is_speech and t.dep_ == "xcomp":
        return None
    comp = _complement(t)
    if comp is None and t.dep_ == "parataxis":
        frame = _parenthetical_frame(t) or _trailing_cue_frame(t)
        if frame is not None:
            return frame
    if comp is None and is_speech:
        comp = _that_clause_under_noun(t) or _gerund_clause_after(t)
    if comp is None:
        comp = _conj_complement(t)
    if comp is None and is_speech:
        frame = _as_clause_frame(t) or _that_fallback(t) or _prepositional_frame(t, lemma)
        if frame is not None:
            return frame
    if comp is None:
        return None
    if _is_question_clause(comp, lemma):
        return None
    object_start = _object_before(t, comp)
    if lemma in WEAK_STANCE_VERBS and not (
        _has_mark(comp, _THAT)
        or (
            comp.left_edge.tag_ not in _WH_TAGS
            and (
                object_start is not None
                or (any(c.dep_ in _SUBJECT_DEPS for c in comp.children) and _finite(comp))
            )
        )
    ):
        # "figured out what it was", "know why", "saw levels reach": not a proposition
        return None
    if (
        lemma in _PERCEPTION_VERBS
        and not _has_mark(comp, _THAT)
        and comp.tag_ in {"VB", "VBP"}
        and t.tag_ == "VBD"
        and not any(c.dep_ in {"aux", "auxpass"} for c in comp.children)
    ):
        # "the museum saw visitor numbers reach 20,000": a bare infinitive (tagged as a
        # present tense after a past one), an event seen or undergone, not a proposition
        return None
    subject = _subject(t)
    if subject is None and is_speech:
        subject = _nearby_named_subject(t)
    if subject is None:
        return None
    cue_last = t.i
    for child in t.children:
        if child.dep_ == "prt" and child.i == cue_last + 1:
            cue_last = child.i
    first, last = comp.left_edge.i, comp.right_edge.i
    if comp.dep_ == "conj":
        first = t.i + 1
    elif object_start is not None:
        first = object_start
    if comp.head == t and comp.i > t.i:
        last = _extend_over_siblings(t, comp, last)
        last = _extend_over_conjunct(t, comp, last)
    last = _cut_before_second_cue(t.doc, first, last)
    for child in comp.rights:
        # "... when asked whether ...": the question that prompted the claim is not its content
        if child.dep_ == "advcl" and child.lemma_.lower() in _PROMPT_VERBS:
            last = min(last, child.left_edge.i - 1)
    if first <= t.i <= last:
        # the complement wraps around the cue ("X, he said, Y"): keep the part after the cue
        first = t.i + 1
    if first == cue_last + 1:
        first = _skip_cue_adjunct(t.doc, first, comp)
    if last < t.i:
        last = _cut_words_run_into_speaker(t.doc, first, last, subject)
    return _Frame(t.i, cue_last, first, last, subject)


def _gerund_clause_after(verb: Token) -> Token | None:
    """A reported clause with a gerund subject, parsed as the cue's ``xcomp``: "said waiting
    until June risked doing damage" (the gerund is followed by the clause's finite verb)."""
    for child in verb.rights:
        if (
            child.dep_ == "xcomp"
            and child.tag_ == "VBG"
            and child.i == verb.i + 1
            and any(t.tag_ in _FINITE_TAGS for t in child.subtree if t.i > child.i)
        ):
            return child
    return None


def _parenthetical_frame(cue: Token) -> _Frame | None:
    """A cue set into the clause it reports: "The plan, he said, would cost $5 billion",
    "Institutional recipients, said Mauer, are required to ...". The parser hangs the cue on
    the clause as ``parataxis``; the content is the whole clause (the cue and speaker inside
    it are spans of their own), as for "according to"."""
    clause = cue.head
    if clause == cue or clause.pos_ not in {"VERB", "AUX"}:
        return None
    subjects = _parataxis_subjects(cue)
    if not subjects:
        return None
    subject = subjects[-1]
    doc = cue.doc
    first = min(clause.left_edge.i, cue.left_edge.i)
    last = clause.right_edge.i
    while last > first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    said_first = min(cue.i, subject.left_edge.i)
    said_last = max(cue.i, subject.right_edge.i)
    if said_first <= first + 1 or said_last >= last - 1:
        return None  # at an edge it is not set into the clause ("..., he said" is a ccomp)
    before, after = doc[said_first - 1], doc[said_last + 1]
    if before.text != "," and not (before.is_quote and doc[said_first - 2].text == ","):
        return None  # "... and they said, ..." is not set off by commas
    if after.text != ",":
        return None
    if said_last + 2 <= last and doc[said_last + 2].is_quote and not before.is_quote:
        return None  # "Of the process, he said, “...”": the quotation is what was said
    if len(subjects) < 2 and not any(c.dep_ in _SUBJECT_DEPS for c in clause.children):
        return None  # "Prompted, I think, by ...": not a clause with a subject of its own
    return _Frame(cue.i, cue.i, first, last, subject)


def _parataxis_subjects(cue: Token) -> list[Token]:
    """The subjects of a cue hung on another clause as ``parataxis``, the speaker last (the
    parser may give the cue the clause's subject too: in "recipients, said Mauer, are ..."
    the inverted subject is the speaker); none for a cue with an object of its own ("he said
    the plan"), or for turns of speech ("you know", "I see")."""
    subjects = [c for c in cue.children if c.dep_ in _SUBJECT_DEPS]
    if not subjects or any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in cue.children):
        return []
    if subjects[-1].lower_ == "you" or cue.lemma_.lower() in WEAK_STANCE_VERBS:
        return []
    return subjects


def _trailing_cue_frame(cue: Token) -> _Frame | None:
    """A cue after the clause it reports, hung on that clause as ``parataxis``: "Manchester
    United have sacked their manager, the club announced on Monday". The content is what comes
    before the comma that sets the cue off."""
    clause = cue.head
    if clause == cue or clause.i > cue.i or cue.right_edge.i != clause.right_edge.i:
        return None
    subjects = _parataxis_subjects(cue)
    if not subjects:
        return None
    subject = subjects[-1]
    doc = cue.doc
    said_first = min(cue.i, subject.left_edge.i)
    first, last = clause.left_edge.i, said_first - 2
    if last <= first or doc[said_first - 1].text != ",":
        return None
    # "(pronounced “Vilt-two” — the discoverer was German, I believe)": the cue reports only
    # what follows an open bracket or an unpaired dash
    opened = [k for k in range(first, last + 1) if doc[k].text == "("]
    shut = sum(1 for k in range(first, last + 1) if doc[k].text == ")")
    if len(opened) > shut:
        first = opened[-1] + 1
    dashes = [k for k in range(first, last + 1) if doc[k].text in _DASHES]
    if len(dashes) % 2:
        first = dashes[-1] + 1
    if not any(t.tag_ in _FINITE_TAGS for t in doc[first : last + 1]):
        return None  # a fragment states nothing
    return _Frame(cue.i, cue.i, first, last, subject)


def _skip_cue_adjunct(doc: Doc, first: int, comp: Token) -> int:
    """Start the content after a phrase that tells when or how it was said: "said on Monday
    it would strike", "said in a statement the firm had ...". The parser often hangs the
    phrase on the reported clause; standing between the cue and that clause's subject, it
    belongs to the saying."""
    tok = doc[first]
    if tok.dep_ != "prep" or tok.head != comp:
        return first
    subject = next((c for c in comp.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None or subject.i < tok.i:
        return first
    end = tok.right_edge.i + 1
    phrase = doc[tok.i : end]
    if len(phrase) > 5 or any(t.pos_ in {"VERB", "AUX"} for t in phrase):
        return first  # a longer or clausal phrase is how the content itself holds
    while end < subject.left_edge.i and doc[end].is_punct:
        end += 1
    return end if end == subject.left_edge.i else first


def _cut_words_run_into_speaker(doc: Doc, first: int, last: int, subject: Token) -> int:
    """A content before its cue ends at its closing quotation mark when the words after that
    mark run straight into the speaker's name: in "“It's not just about calories,” lead author
    Dr. Elena Rossi told ..." the parser may hang "lead author" on the quotation. Content
    reported before its cue is otherwise set off from the speaker by punctuation."""
    if last + 1 != subject.left_edge.i:
        return last
    k = last
    while k > first and not doc[k].is_punct:
        k -= 1
    if k < last and doc[k].is_quote and doc[k].tag_ == "''":
        return k
    return last


def _cut_before_second_cue(doc: Doc, first: int, last: int) -> int:
    """End the content before a second report hung inside it.

    "They claimed Paris was a volunteer and claim she has a vested interest": the parser hangs
    the second "claim" inside the first complement; it starts a claim of its own. Likewise
    "Officials say every claim will be assessed, with the i reporting no one will be refused".
    """
    for k in range(first + 1, last + 1):
        tok = doc[k]
        if (
            tok.dep_ == "pcomp"
            and tok.head.lower_ == "with"
            and tok.lemma_.lower() in SPEECH_VERBS
            and any(c.dep_ in _SUBJECT_DEPS for c in tok.children)
            and tok.head.i > first
        ):
            # "..., with the i reporting no one will be refused": a second source's report
            cut = tok.head.i - 1
            while cut > first and doc[cut].is_punct:
                cut -= 1
            return cut
        if tok.dep_ != "conj" or tok.pos_ not in _CUE_VERB_POS:
            continue
        lemma = tok.lemma_.lower()
        if lemma not in SPEECH_VERBS and lemma not in STANCE_VERBS:
            continue
        if any(c.dep_ in _SUBJECT_DEPS | {"aux", "auxpass"} for c in tok.children):
            continue  # "... and would respond": a modal verb phrase, not a second report
        cut = tok.left_edge.i - 1
        while cut > first and (doc[cut].dep_ == "cc" or doc[cut].is_punct):
            cut -= 1
        return max(first, min(last, cut))
    return last


_PREPOSITIONAL_CUES = {
    "warn": frozenset({"of", "about", "against"}),
    "caution": frozenset({"against", "about"}),
    "complain": frozenset({"about", "of"}),
    "boast": frozenset({"of", "about"}),
    "hint": frozenset({"at"}),
    "insist": frozenset({"on"}),
}


#: Verbs that charge someone with something: "accused X of Y", "blamed X for Y" / "on Y";
#: and the estimate "put the death toll at 52".
_ACCUSATION_CUES = {
    "accuse": frozenset({"of"}),
    "blame": frozenset({"for", "on"}),
    "put": frozenset({"at"}),
}
#: What "put ... at" estimates: "put the number of marchers at 200,000".
_ESTIMATED_NOUNS = frozenset(
    {"number", "toll", "cost", "figure", "total", "count", "turnout", "damage", "loss", "value",
     "bill", "price", "size", "crowd", "death", "casualty"}
)  # fmt: skip


def _accusation_frame(verb: Token, lemma: str) -> _Frame | None:
    """An accusation: "The senator accused the administration of misleading the public",
    "Officials blamed the outage on a software update"; or an estimate: "Organisers put the
    number of marchers at 200,000". The content runs from the object to the end of the
    preposition's phrase (which hangs on the verb or the object)."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    subject = _subject(verb)
    if obj is None or subject is None:
        return None
    if lemma == "put" and obj.lemma_.lower() not in _ESTIMATED_NOUNS:
        return None  # "put the plan on hold"
    preps = _ACCUSATION_CUES[lemma]
    prep = next(
        (
            c
            for c in [*verb.rights, *obj.rights]
            if c.dep_ == "prep" and c.lower_ in preps and c.i > obj.i
        ),
        None,
    )
    if prep is None or not any(c.dep_ in {"pobj", "pcomp"} for c in prep.children):
        return None
    return _Frame(verb.i, verb.i, obj.left_edge.i, prep.right_edge.i, subject)


def _prepositional_frame(verb: Token, lemma: str) -> _Frame | None:
    """A speech verb whose complement is a prepositional phrase: "The UN warned of a famine
    in the region" (content: the object of the preposition)."""
    preps = _PREPOSITIONAL_CUES.get(lemma)
    if preps is None:
        return None
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in preps), None)
    if prep is None or prep.i != verb.i + 1:
        return None
    obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)
    subject = _subject(verb)
    if obj is None or subject is None or obj.right_edge.i - obj.left_edge.i < 1:
        return None
    return _Frame(verb.i, prep.i, obj.left_edge.i, obj.right_edge.i, subject)


def _that_fallback(verb: Token) -> _Frame | None:
    """A that-clause the parser did not attach as a complement.

    "The report states that few if any ...", "Wilkins observed that the 2007 date of the
    program ... coincided with ...": the complementiser "that" (tagged ``IN``, unlike the
    determiner) follows the cue, or its object, and the clause runs to the end of the cue's
    phrase.
    """
    doc = verb.doc
    k = verb.i + 1
    while k < len(doc) and doc[k].dep_ == "prt":
        k += 1
    if (
        k < len(doc)
        and doc[k].head == verb
        and doc[k].dep_ in {"dobj", "dative"}
        and doc[k].lower_ != "that"
    ):
        k = doc[k].right_edge.i + 1
    if k + 1 >= len(doc) or doc[k].lower_ != "that" or doc[k].tag_ != "IN":
        return None
    if doc[k + 1].pos_ in {"ADP", "ADV", "PART", "PUNCT", "VERB", "AUX"}:
        return None  # "show that off", "said that to": a demonstrative, not a clause
    subject = _subject(verb)
    if subject is None:
        return None
    last = verb.right_edge.i
    while last > k and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last - k < 3:
        return None
    return _Frame(verb.i, verb.i, k, last, subject)


def _as_clause_frame(verb: Token) -> _Frame | None:
    """ "As Heald told The Huffington Post, ozone has dropped": the clause the as-clause
    modifies is what was said (like "according to")."""
    if verb.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ == "as" and c.i == verb.left_edge.i for c in verb.children
    ):
        return None
    doc = verb.doc
    if verb.left_edge.i > 0 and doc[verb.left_edge.i - 1].lower_ in {"far", "long", "much", "as"}:
        return None  # "as far as I can tell": a hedge, not a source
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        # "As reported by Reuters, ...": the agent of the passive participle
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if subject is None or subject.lower_ in RELATIVE_PRONOUNS or subject.lower_ == "it":
        return None
    head = verb.head
    a, b = verb.left_edge.i, verb.right_edge.i
    if a == head.left_edge.i:
        first, last = b + 1, head.right_edge.i
    elif b >= head.right_edge.i - 1:
        first, last = head.left_edge.i, a - 1
    else:
        return None
    mark = next(c for c in verb.children if c.dep_ == "mark")
    return _Frame(mark.i, verb.i, first, last, subject)


def _object_before(verb: Token, comp: Token) -> int | None:
    """Start of a subject the parser took for the cue's object: "Figures show a record 45,756
    migrants crossing the Channel drove claims over 150,000" (``dobj`` + subjectless ``ccomp``).
    """
    if comp.i < verb.i or any(c.dep_ in _SUBJECT_DEPS | {"csubj", "expl"} for c in comp.children):
        return None
    if _has_mark(comp, _THAT):
        return None
    if not _finite(comp) and (
        verb.lemma_.lower() in _PERCEPTION_VERBS
        or comp.tag_ != "VB"
        or any(c.dep_ == "aux" for c in comp.children)
    ):
        # "Results show dicot species lose more yield" (plural present tagged as base form);
        # not "saw attendance reach 11,000": perception verbs take bare infinitives
        return None
    doc = verb.doc
    if doc[comp.left_edge.i - 1].pos_ == "CCONJ":
        return None  # "showed me some stuff and the beauty was apparent": a coordination
    for child in verb.rights:
        if child.dep_ == "dobj" and child.left_edge.i == verb.i + 1 and child.right_edge.i < comp.i:
            return child.left_edge.i
    return None


def _extend_over_conjunct(cue: Token, comp: Token, last: int) -> int:
    """Extend a complement over a second clause the parser coordinated with the cue.

    "Paris claims that her passport was taken away and she was forced to work": the conjunct
    has its own subject and is not itself a reporting verb, so it continues what was claimed.
    "North Korea stated it would attack ... and would respond within 48 hours": a subjectless
    conjunct with a modal cannot belong to the past-tense cue; it continues the complement.
    """
    for sibling in cue.rights:
        if sibling.i <= comp.i:
            continue
        if sibling.dep_ != "conj":
            continue
        if sibling.left_edge.i > last + 3:
            return last
        lemma = sibling.lemma_.lower()
        if lemma in SPEECH_VERBS or lemma in STANCE_VERBS or not _finite(sibling):
            return last
        has_subject = any(c.dep_ in _SUBJECT_DEPS for c in sibling.children)
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in sibling.children)
        if (has_subject and _has_mark(comp, _THAT)) or (not has_subject and modal):
            return sibling.right_edge.i
        return last
    return last


_SIBLING_CLAUSE_DEPS = frozenset({"ccomp", "dep", "xcomp", "attr", "acomp", "oprd"})


def _extend_over_siblings(cue: Token, comp: Token, last: int) -> int:
    """Extend a complement over clausal siblings the parser split off it.

    "I think it's important we have an original take": the parser hangs "we have ..." on
    "think" as a second ``ccomp``; the reported content runs to its end.
    """
    for sibling in cue.rights:
        if sibling.i <= comp.i or sibling.is_punct:
            continue
        if sibling.dep_ not in _SIBLING_CLAUSE_DEPS:
            break
        if sibling.left_edge.i > last + 2:
            break
        last = max(last, sibling.right_edge.i)
    return last


def _that_clause_under_noun(verb: Token) -> Token | None:
    """A that-clause hung on the verb's object: "told LA Weekly in a statement that ..."."""
    for child in verb.rights:
        nouns = [child] if child.dep_ == "dobj" else []
        if child.dep_ == "prep":
            nouns = [c for c in child.children if c.dep_ == "pobj"]
        for noun in nouns:
            for clause in noun.children:
                if clause.dep_ in {"acl", "ccomp"} and _has_mark(clause, _THAT):
                    return clause
                if (
                    clause.dep_ == "relcl"
                    and child.dep_ == "prep"
                    and _that_complement_as_relative(clause)
                ):
                    return clause
    return None


def _that_complement_as_relative(clause: Token) -> bool:
    """ "said after the verdict that his client would appeal": a that-clause the parser took
    for a relative clause of the noun before it ("that" as its object). It opens with "that"
    and has a subject of its own; after a cue and a prepositional phrase ("after the verdict",
    "during the trial"), with no other complement, it is what was said."""
    first = clause.left_edge
    return (
        first.lower_ == "that"
        and first.dep_ in {"dobj", "mark"}
        and any(c.dep_ in _SUBJECT_DEPS and c.i > first.i for c in clause.children)
    )


_NAMED_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _nearby_named_subject(verb: Token) -> Token | None:
    """Fallback subject when the parse has none: a name just before the verb.

    "Speaking in the parents' defense, Tom Molomby, SC, said that ...": the parser attaches
    the name to the participle; the name closest on the left (within a few tokens, across
    commas and an apposition) is the speaker.
    """
    doc = verb.doc
    for k in range(verb.i - 1, max(-1, verb.i - 8), -1):
        tok = doc[k]
        if tok.dep_ in {"mark", "cc"} or tok.lower_ in {"that", "which"}:
            return None
        if tok.ent_type_ in _NAMED_SPEAKER_ENTS and tok.ent_iob_ in {"B", "I"}:
            # use the last token of that entity as the head of the mention
            while k + 1 < verb.i and doc[k + 1].ent_iob_ == "I":
                k += 1
            head = doc[k]
            if head.dep_ in {"npadvmod", "appos", "nsubj", "dep", "compound", "conj"}:
                return head
            return None
    return None


def _adjective_frame(t: Token) -> _Frame | None:
    if t.dep_ not in {"acomp", "ROOT", "conj", "advcl"}:
        return None
    head = t.head if t.dep_ != "ROOT" else t
    comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
    if comp is None and head is not t and head.lemma_.lower() in _COPULAS:
        comp = next(
            (c for c in head.children if c.dep_ == "ccomp" and c.i > t.i and _has_mark(c, _THAT)),
            None,
        )
    if comp is None:
        # "concerned by the possibility that ...", "worried about reports that ..."
        for prep in t.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"by", "about", "over", "at"}:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in PROPOSITION_NOUNS | {
                    "possibility",
                    "prospect",
                    "risk",
                    "likelihood",
                }:
                    comp = next((c for c in obj.children if c.dep_ in {"acl", "ccomp"}), comp)
    if comp is None or _has_mark(comp, _QUESTION_MARKS):
        return None
    if _negated(head):
        return None
    subject = _subject(head)
    if subject is None:
        # "associations are concerned the government will ...": parsed as a passive, whose
        # subject is who holds the stance
        subject = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    if subject is None:
        return None
    first = head.i if head.i < t.i else t.i
    return _Frame(first, t.i, comp.left_edge.i, comp.right_edge.i, subject)


def find_attributed(
    doc: Doc,
    quotes: Sequence[Quote],
    resolver: SpeakerResolver,
    sentences: Sequence[tuple[int, int]],
) -> list[RawClaim]:
    """Return attributed claims (direct, indirect, mixed) in document order."""
    starts = [s for s, _ in sentences]
    ctx = _Context(doc, quotes, resolver, starts, sentences)
    claims: list[RawClaim] = []
    framed_cues: set[int] = set()

    frames = _frames(doc, ctx)
    # frames inside a quotation ("I think" said by the quoted speaker) belong to the
    # quotation's claim; they are used only if the quotation itself stays unattributed
    inner: list[tuple[int, _Frame]] = []
    for frame in frames:
        frame.content_last = _drop_trailing_aside(doc, frame.content_first, frame.content_last)
        qi = ctx.in_speech_quote(doc[frame.cue_first])
        if qi >= 0:
            inner.append((qi, frame))
            continue
        rng = ctx.chars(frame.content_first, frame.content_last)
        if rng is None:
            continue
        claim = _classify(ctx, frame, rng)
        if claim is not None:
            claims.append(claim)
            framed_cues.add(frame.cue_first)

    _attach_quotes(doc, ctx, claims, framed_cues)
    quote_speaker = {qi: c.speaker_key for c in claims for qi in c.quotes}
    for qi, frame in inner:
        rng = ctx.chars(frame.content_first, frame.content_last)
        if rng is None:
            continue
        enclosing = quote_speaker.get(qi)
        if enclosing is not None and not _nested_claim_worth_keeping(ctx, frame, qi, rng):
            continue
        claim = _classify(ctx, frame, rng, inside=qi, enclosing=enclosing)
        if claim is not None:
            claims.append(claim)
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


_DASHES = frozenset({"\u2014", "\u2013", "--"})


def _drop_trailing_aside(doc: Doc, first: int, last: int) -> int:
    """Cut a final dash-introduced noun phrase: the writer's aside, not the speaker's words.

    "... if Ukraine's backers halted arms deliveries — a condition that Western leaders have
    consistently rejected": the noun phrase after the last dash runs to the end of the content
    and comments on it (the parser labels it ``appos`` or, wrongly, ``dobj``).
    """
    dash = -1
    for k in range(first + 1, last):
        if doc[k].text in _DASHES:
            dash = k
    if dash < 0:
        return last
    for tok in doc[dash + 1 : last + 1]:
        if (
            tok.pos_ in {"NOUN", "PROPN"}
            and tok.left_edge.i == dash + 1
            and tok.right_edge.i >= last - 1
            and tok.dep_ in {"appos", "dobj", "npadvmod", "attr", "dep", "conj"}
        ):
            return dash - 1
    return last


def _nested_claim_worth_keeping(
    ctx: _Context, frame: _Frame, qi: int, rng: tuple[int, int]
) -> bool:
    """A claim reported inside an attributed quotation ("“I think prices will fall,” she said")
    is kept as its own claim only when the quoted speaker states it in the first person, the
    cue comes first, the content is a tensed clause, and it is a real part of the quotation,
    not all of it."""
    if frame.subject.lower_ not in {"i", "we"} or frame.cue_first > frame.content_first:
        return False
    doc = ctx.doc
    if not any(
        doc[k].tag_ in _FINITE_TAGS for k in range(frame.content_first, frame.content_last + 1)
    ):
        return False  # "expect everyone to be tolerant": a wish, not a proposition
    q = ctx.quotes[qi].quote
    inner = q.inner_end - q.inner_start
    return rng[1] - rng[0] < 0.9 * inner and rng[1] - rng[0] >= 12


def _classify(
    ctx: _Context,
    frame: _Frame,
    rng: tuple[int, int],
    inside: int = -1,
    enclosing: str | None = None,
) -> RawClaim | None:
    start, end = rng
    overlapping = [
        qi
        for qi, info in enumerate(ctx.quotes)
        if info.quote.start < end and start < info.quote.end and qi != inside
    ]
    kind = "indirect"
    if overlapping:
        qi = overlapping[0]
        q = ctx.quotes[qi].quote
        inner_overlap = min(end, q.inner_end) - max(start, q.inner_start)
        if (
            len(overlapping) == 1
            and ctx.quotes[qi].speech
            and inner_overlap >= 0.8 * (end - start) - 2
            and not (q.start <= ctx.doc[frame.cue_first].idx < q.end)
        ):
            if ctx.quotes[qi].claimed:
                return None
            kind, start, end = "direct", q.start, q.end
        else:
            kind = "mixed"
            start = min(start, *(ctx.quotes[i].quote.start for i in overlapping))
            end = max(end, *(ctx.quotes[i].quote.end for i in overlapping))
    cue_tok = ctx.doc[frame.cue_first]
    resolved = ctx.speaker(frame.subject, enclosing)
    if resolved is None:
        return None
    key, mention = resolved
    for qi in overlapping:
        ctx.quotes[qi].claimed = True
    cue_end_tok = ctx.doc[frame.cue_last]
    cue = (cue_tok.idx, cue_end_tok.idx + len(cue_end_tok))
    if frame.subject.pos_ != "PRON":
        ctx.resolver.note_speaker(frame.subject.i, key)
    return RawClaim(kind, start, end, cue, cue_tok.i, key, mention, overlapping)


def _frame_cue_for_quote(doc: Doc, ctx: _Context, info: _QuoteInfo) -> Token | None:
    """A speech verb outside the quotation, in its first or last sentence, that frames it."""
    q = info.quote
    first_sent = ctx.sentence_of(q.start)
    last_sent = ctx.sentence_of(max(q.start, q.end - 1))
    lo = ctx.sentences[first_sent][0]
    hi = ctx.sentences[last_sent][1]
    best: Token | None = None
    best_score = 10**9
    starts = ctx.token_starts
    a = bisect_right(starts, lo - 1)
    b = bisect_right(starts, hi - 1)
    quote_tokens = range(info.first_token, info.last_token + 1)
    for i in range(a, b):
        t = doc[i]
        if ctx.quote_of_token[i] >= 0 or t.pos_ not in _CUE_VERB_POS:
            continue
        lemma = t.lemma_.lower()
        if (lemma not in SPEECH_VERBS and lemma not in QUOTE_ONLY_VERBS) or _negated(t):
            continue
        comp = _complement(t)
        if comp is not None and ctx.quote_of_token[comp.i] < 0:
            continue  # this verb reports something else
        linked = t.head.i in quote_tokens or any(c.i in quote_tokens for c in t.children)
        distance = min(abs(t.idx - q.end), abs(t.idx - q.start))
        score = distance - (10_000 if linked else 0)
        if score < best_score:
            best, best_score = t, score
    return best


def _inverted_subject(cue: Token) -> Token | None:
    """The speaker after an inverted cue: "“...”, added KCNA", "said the spokesman"."""
    doc = cue.doc
    if cue.dep_ == "amod" and cue.head.i > cue.i and cue.head.pos_ in {"PROPN", "NOUN"}:
        return cue.head
    for k in range(cue.i + 1, min(len(doc), cue.i + 4)):
        tok = doc[k]
        if tok.pos_ in {"PROPN", "NOUN"}:
            while tok.dep_ in {"compound", "flat", "amod"} and tok.head.i > tok.i:
                tok = tok.head
            return tok
        if tok.pos_ not in {"DET", "ADJ", "PROPN"}:
            return None
    return None


def _source_after_dash(doc: Doc, ctx: _Context, info: _QuoteInfo) -> Token | None:
    """ "“...” — Matthew Ingram": a name right after a dash that follows the quotation."""
    k = info.last_token + 1
    while k < len(doc) and doc[k].text in {",", "."}:
        k += 1
    if k >= len(doc) or doc[k].text not in _DASHES:
        return None
    k += 1
    if k >= len(doc) or doc[k].ent_type_ not in _NAMED_SPEAKER_ENTS or doc[k].ent_iob_ != "B":
        return None
    while k + 1 < len(doc) and doc[k + 1].ent_iob_ == "I":
        k += 1
    return doc[k]


def _attach_quotes(doc: Doc, ctx: _Context, claims: list[RawClaim], framed_cues: set[int]) -> None:
    """Attribute quotations not covered by a parse frame: sentence cue, else continuation."""
    for qi, info in enumerate(ctx.quotes):
        if info.claimed or not info.speech:
            continue
        q = info.quote
        cue = _frame_cue_for_quote(doc, ctx, info)
        if cue is not None:
            subject = _subject(cue) or _inverted_subject(cue)
            resolved = ctx.speaker(subject) if subject is not None else None
            if resolved is not None:
                key, mention = resolved
                info.claimed = True
                claims.append(
                    RawClaim(
                        "direct",
                        q.start,
                        q.end,
                        (cue.idx, cue.idx + len(cue)),
                        cue.i,
                        key,
                        mention,
                        [qi],
                    )
                )
                continue
        # "“...” — Name", else the speaker the sentence before sets up
        for find_source in (_source_after_dash, _setup_subject):
            source = find_source(doc, ctx, info)
            resolved = ctx.speaker(source) if source is not None else None
            if resolved is not None:
                break
        if resolved is not None:
            info.claimed = True
            key, mention = resolved
            claims.append(
                RawClaim("direct", q.start, q.end, None, info.first_token, key, mention, [qi])
            )
            continue
        previous = _previous_claim(ctx, claims, q.start)
        if previous is not None:
            info.claimed = True
            claims.append(
                RawClaim(
                    "direct",
                    q.start,
                    q.end,
                    None,
                    info.first_token,
                    previous.speaker_key,
                    previous.mention,
                    [qi],
                )
            )


#: Entity labels of a sentence subject who may be introduced as the next quotation's speaker.
_SETUP_ENTS = frozenset({"PERSON", "ORG", "NORP"})


def _setup_subject(doc: Doc, ctx: _Context, info: _QuoteInfo) -> Token | None:
    """The speaker a sentence sets up for the quotation after it: "Opposition leader Mary
    Jones disagreed. “These forecasts are pure fantasy.”", "Dr Amy Chen was cautious: “...”".
    The quotation has no cue of its own and opens its sentence, or follows a colon; the
    sentence before it (or the words before the colon) has no quotation, and its subject names
    a person or body (a name, he/she/they, a role or an organisation). Else None."""
    q = info.quote
    text = ctx.text
    si = ctx.sentence_of(q.start)
    start, _ = ctx.sentences[si]
    before = text[start : q.start].rstrip()
    if before:
        if not before.endswith(":"):
            return None
        lo, hi = start, start + len(before)
    elif si > 0:
        lo, hi = ctx.sentences[si - 1]
        if text[lo:hi].rstrip()[-1:] not in {".", ":"}:
            return None
    else:
        return None
    a = bisect_right(ctx.token_starts, lo - 1)
    b = bisect_right(ctx.token_starts, hi - 1)
    if any(ctx.quote_of_token[k] >= 0 for k in range(a, b)):
        return None
    # the clause's head: its root, or the word the parser hung on the quotation after it
    root = next(
        (doc[k] for k in range(a, b) if doc[k].head == doc[k] or not a <= doc[k].head.i < b),
        None,
    )
    if root is None:
        return None
    subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is None:
        return None
    low = subject.lower_
    if subject.ent_type_ in _SETUP_ENTS or low in {"he", "she", "they"}:
        return subject
    if subject.pos_ == "NOUN" and subject.lemma_.lower() in SPEAKER_NOUNS:
        return subject
    return None


def _previous_claim(ctx: _Context, claims: list[RawClaim], before: int) -> RawClaim | None:
    best: RawClaim | None = None
    for claim in claims:
        if claim.end <= before and (best is None or claim.end > best.end):
            best = claim
    if best is None:
        return None
    gap = ctx.sentence_of(before) - ctx.sentence_of(best.end - 1)
    return best if gap <= _CONTINUATION_WINDOW else None
