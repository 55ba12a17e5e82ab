"""Speaker mentions, their canonical names, and cross-document actor matching.

Within one document, a speaker is resolved from the head token of the subject (or of the
``according to`` object) of a cue:

* named mentions use the NER label for the kind (PERSON -> person, ORG -> organisation,
  GPE/LOC -> country, NORP -> group) and the longest full name of the same person seen anywhere
  in the document as canonical name ("Mr Peskov", "Peskov" -> "Dmitry Peskov");
* words in front of the name that are not part of it become the description ("Kremlin
  spokesman"), as do appositions ("Jeff Rathke, the State Department spokesperson");
* pronouns go to the nearest compatible mention earlier in the document: he/she to the nearest
  person in subject position (else any person mention) not known to be of the other gender
  (from an honorific, a gendered noun or a common given name), it to the nearest organisation or
  country, they to the nearest group or organisation speaker; first and second person pronouns
  outside quotations cannot be resolved from the text and keep their surface form as name;
* role nouns ("the spokesman") go to an earlier person whose description contains the noun;
* "the agency", "the ministry", "the company" go to the organisation named before them, one
  whose name holds the noun first, else the nearest of the right sort (a public body for "the
  agency", a company for "the airline", told apart by the words of their names);
* "her office", "his aides" are named after the person or organisation the possessive refers to
  ("Joan Whitfield's office");
* a bare surname the entity model missed is still the person of that surname, and a name with an
  age or a role in apposition ("Ana Torres, 34,") is a person;
* an acronym and the full name it abbreviates ("the WHO", "the World Health Organization") are
  one organisation, named in full.

:func:`actor_key` and :func:`same_actor` are pure helpers for matching actors across documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    FEMALE_GIVEN_NAMES,
    FEMALE_MARKERS,
    FIRST_SECOND_PRONOUNS,
    HONORIFICS,
    MALE_GIVEN_NAMES,
    MALE_MARKERS,
    NEUTER_PRONOUNS,
    PERSONAL_PRONOUNS,
    PLURAL_PRONOUNS,
    words,
)
from .types import ExtractedSpeaker

_POSSESSIVE_RE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_SPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w\s\-]")

_LABEL_KIND = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "country",
    "LOC": "country",
    "NORP": "group",
    "FAC": "organisation",
}
_ORGANISATION_NOUNS = words("""
    ministry government department agency office court council committee commission company
    firm bank board union party parliament congress senate administration police army military
    newspaper paper broadcaster network agency institute university team group organisation
    organization service authority authorities embassy cabinet kremlin regime
    """)
#: Nouns that, as "the <noun>", usually refer back to an organisation named earlier: public
#: bodies (whose names hold words like "Office" or "Administration") and companies (whose
#: names do not), and others of either sort.
_PUBLIC_BODY_NOUNS = words("""
    agency ministry department commission committee regulator watchdog office authority bureau
    """)
_COMPANY_NOUNS = words("""
    company firm bank airline carrier manufacturer retailer insurer broadcaster newspaper
    utility carmaker drugmaker lender club team
    """)
_ANAPHORIC_ORGANISATION_NOUNS = (
    _PUBLIC_BODY_NOUNS
    | _COMPANY_NOUNS
    | words("institute university organisation organization union")
)
#: Words in the names of public bodies ("Food and Drug Administration", "Home Office").
_PUBLIC_BODY_WORDS = _PUBLIC_BODY_NOUNS | words("""
    administration commissioner service council board institute parliament court police
    government
    """)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
_DATELINE_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_SINGULAR_DETERMINERS = frozenset({"a", "an", "another", "each", "every"})
_HONORIFIC_WORDS = HONORIFICS | {w.rstrip(".") for w in HONORIFICS}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_PRONOUN_NAMES = FIRST_SECOND_PRONOUNS | PERSONAL_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS


def _clean_words(text: str) -> list[str]:
    text = _POSSESSIVE_RE.sub("", text.strip())
    return [w for w in _SPACE_RE.split(text) if w]


def strip_honorifics(name: str) -> str:
    """Remove leading titles and honorifics and a trailing possessive from a name."""
    words = _clean_words(name)
    if words and words[0].lower() == "the":
        words = words[1:]
    if words and words[-1].lower() in _ORGANISATION_NOUNS:
        # "Defence Ministry", "State Department": the title-like words name the body
        return " ".join(words)
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFIC_WORDS:
        words = words[1:]
    return " ".join(words)


def actor_key(name: str) -> str:
    """Normalise a speaker name for matching across documents.

    Titles, a leading "the", possessives, punctuation and case are removed: "President Trump" ->
    "trump", "Mr Peskov" -> "peskov", "The Kremlin" -> "kremlin". Bare pronouns give "" (they do
    not identify anyone outside their document).
    """
    cleaned = _NON_WORD_RE.sub("", strip_honorifics(name)).lower().strip()
    cleaned = _SPACE_RE.sub(" ", cleaned)
    if cleaned in _PRONOUN_NAMES:
        return ""
    return cleaned


def _name_forms(speaker: object) -> list[str]:
    if isinstance(speaker, str):
        return [speaker]
    name = getattr(speaker, "name", "")
    aliases = getattr(speaker, "aliases", ()) or ()
    return [name, *aliases]


def _compatible(a: str, b: str) -> bool:
    """Two keys name the same actor if equal, or one person name extends the other's surname."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if wa[-1] != wb[-1]:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    # "trump" vs "donald trump"; "d trump" vs "donald trump"; not "eric trump" vs "donald trump".
    if len(short) == 1:
        return True
    return all(
        any(lw == sw or (len(sw) == 1 and lw.startswith(sw)) for lw in long_[:-1])
        for sw in short[:-1]
    )


#: Words that make a mention a description rather than a name: "the governor", "her office".
_DESCRIPTIVE_LEADS = frozenset(
    {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that"}
)


def identifying_alias(alias: str) -> bool:
    """Whether a surface form can name its actor in other documents too: "Mr Peskov", "the
    Kremlin", "Kremlin spokesman Dmitry Peskov" can; "she", "the governor", "Her office", "its
    chief executive" cannot (each names someone else in the next article)."""
    words = alias.split()
    while words and words[0].lower() in _DESCRIPTIVE_LEADS:
        words = words[1:]
    if not words or (len(words) == 1 and words[0].lower() in _PRONOUN_NAMES):
        return False
    return any(word[:1].isupper() for word in words)


def same_actor(a: object, b: object) -> bool:
    """True if two speakers (``ExtractedSpeaker``-like objects or plain names) are one actor.

    Any name or alias of one must be compatible with a name or alias of the other: equal keys,
    or the same surname with no conflicting first names ("Trump", "President Trump", "Donald
    Trump" match; "Donald Trump" and "Eric Trump" do not).
    """
    keys_a = {actor_key(n) for n in _name_forms(a)} - {""}
    keys_b = {actor_key(n) for n in _name_forms(b)} - {""}
    return any(_compatible(x, y) for x in keys_a for y in keys_b)


@dataclass(slots=True)
class _Actor:
    key: str
    name: str
    kind: str
    description: str = ""
    aliases: list[str] = field(default_factory=list)

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def freeze(self) -> ExtractedSpeaker:
        aliases = tuple(a for a in self.aliases if a != self.name)
        return ExtractedSpeaker(self.name, self.kind, aliases, self.description)


def _span_text(doc: Doc, start: int, end: int) -> str:
    """Text of tokens ``[start, end)`` without surrounding punctuation or whitespace."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return ""
    return doc[start:end].text


class SpeakerResolver:
    """Resolves subject tokens to document-level actors; see the module docstring."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # ``Doc.ents`` builds a new tuple of spans on every access: take it once.
        self.ents = doc.ents
        self.actors: dict[str, _Actor] = {}
        # surname -> "m" / "f" from honorifics and gendered nouns next to the name ("" when
        # the evidence conflicts)
        self._gender: dict[str, str] = {}
        # surname -> indices into doc.ents of PERSON mentions (for descriptions)
        self._person_ents: dict[str, list[int]] = {}
        # surname -> list of (token index, full cleaned name) for PERSON entities
        self._people: dict[str, list[tuple[int, str]]] = {}
        # (token index, kind, key or None, is_subject, is_entity) of mentions, in order
        self._mentions: list[tuple[int, str, str | None, bool, bool]] = []
        self._ent_of: list[int] = [-1] * len(doc)
        for n, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self._ent_of[i] = n
            kind = _LABEL_KIND.get(ent.label_)
            if kind is None:
                continue
            is_subject = ent.root.dep_ in _SUBJECT_DEPS
            if kind == "person":
                name = strip_honorifics(ent.text)
                if not name:
                    continue
                given = self._given_names_before(ent)
                if given:
                    name = f"{given} {name}"
                surname = name.split()[-1].lower()
                self._people.setdefault(surname, []).append((ent.start, name))
                self._person_ents.setdefault(surname, []).append(n)
                self._note_gender(surname, self._gender_evidence(ent.start, ent.end))
            self._mentions.append((ent.start, kind, None, is_subject, True))
        # full names the small NER model mislabelled ("Vladimir Putin" as ORG) still give the
        # canonical name of a person known by that surname elsewhere in the document
        for ent in self.ents:
            if ent.label_ == "PERSON" or len(ent) < 2 or len(ent) > 4:
                continue
            if not all(t.pos_ == "PROPN" for t in ent):
                continue
            name = strip_honorifics(ent.text)
            surname = name.split()[-1].lower() if name else ""
            if surname in self._people and len(name.split()) >= 2:
                self._people[surname].append((ent.start, name))
        # a bare surname the small NER model missed ("Lopez dismissed those concerns") is
        # still a mention of the person known by that surname, for later "she"
        for t in doc:
            if self._is_bare_surname(t):
                self._mentions.append((t.i, "person", None, t.dep_ in _SUBJECT_DEPS, False))
        # plural common-noun subjects ("Protesters gathered ...") are antecedents for "they",
        # and bodies named by a common noun ("the government has ruled out ...") for "it"
        for t in doc:
            if t.dep_ not in _SUBJECT_DEPS or t.pos_ != "NOUN" or self._ent_of[t.i] >= 0:
                continue
            if t.tag_ == "NNS":
                self._mentions.append((t.i, "group", None, True, False))
            elif t.tag_ == "NN" and t.lower_ in _ORGANISATION_NOUNS:
                self._mentions.append((t.i, "organisation", None, True, False))
        self._mentions.sort(key=lambda m: m[0])

    def _given_names_before(self, ent: Span) -> str:
        """Given names the entity model left out of a person's name: "Chief executive Anders
        Holm" labelled "Holm". Capitalised proper nouns right before a one-word name, hung on
        it, outside any other entity and not titles; "" if none."""
        doc = self.doc
        k = ent.start
        if len(ent) > 1:
            return ""  # a full name already
        while (
            k > 0
            and ent.start - k < 2
            and doc[k - 1].pos_ == "PROPN"
            and doc[k - 1].dep_ == "compound"
            and ent.start <= doc[k - 1].head.i < ent.end
            and doc[k - 1].text.istitle()
            and self._ent_of[k - 1] < 0
            and doc[k - 1].lower_.rstrip(".") not in _HONORIFIC_WORDS
        ):
            k -= 1
        return doc[k : ent.start].text if k < ent.start else ""

    def _is_bare_surname(self, t: Token) -> bool:
        """A proper noun outside any entity that is, alone or after honorifics, the surname
        of a person named in full elsewhere in the document."""
        if t.pos_ != "PROPN" or self._ent_of[t.i] >= 0 or t.lower_ not in self._people:
            return False
        if t.dep_ in {"compound", "flat"}:
            return False
        return all(
            c.lower_.rstrip(".") in _HONORIFIC_WORDS or c.dep_ not in {"compound", "flat"}
            for c in t.children
        )

    def _surname_person(self, t: Token, surface: str) -> str:
        """Key of the person a bare surname (see :meth:`_is_bare_surname`) names."""
        actor = self._actor(self._person_name(t.text, t.i), "person")
        actor.add_alias(surface)
        return actor.key

    # -- gender evidence ---------------------------------------------------------------

    def _gender_evidence(self, ent_start: int, ent_end: int) -> str | None:
        """ "m"/"f" from an honorific or gendered noun in or right before a name ("Ms
        Zakharova", "spokeswoman Maria Zakharova"; the words must belong to the name's phrase),
        else from a common given name ("Laura Mendes")."""
        doc = self.doc
        k = ent_start - 1
        while k >= 0 and doc[k].pos_ in {"PROPN", "NOUN", "ADJ"} and doc[k].head.i >= ent_start:
            k -= 1
        for i in range(k + 1, ent_end - 1):
            low = doc[i].lower_
            if low in FEMALE_MARKERS:
                return "f"
            if low in MALE_MARKERS:
                return "m"
        # a given name before the surname ("Laura Mendes")
        for i in range(ent_start, ent_end - 1):
            low = doc[i].lower_
            if low.rstrip(".") in _HONORIFIC_WORDS:
                continue
            if low in FEMALE_GIVEN_NAMES:
                return "f"
            if low in MALE_GIVEN_NAMES:
                return "m"
            break
        return None

    def _note_gender(self, surname: str, gender: str | None) -> None:
        if gender is None:
            return
        known = self._gender.get(surname)
        if known is None:
            self._gender[surname] = gender
        elif known != gender:
            self._gender[surname] = ""

    def _gender_of_mention(self, at: int, known: str | None, is_entity: bool) -> str | None:
        """Known gender of the person a mention names, or None."""
        if is_entity:
            n = self._ent_of[at]
            name = strip_honorifics(self.ents[n].text) if n >= 0 else ""
        elif known is not None and known in self.actors:
            name = self.actors[known].name
        elif self._is_bare_surname(self.doc[at]):
            name = self.doc[at].text
        else:
            return None
        if not name:
            return None
        return self._gender.get(name.split()[-1].lower()) or None

    # -- canonical names ---------------------------------------------------------------

    def _person_name(self, name: str, at: int) -> str:
        """Longest compatible full name of this person in the document."""
        words = name.split()
        candidates = self._people.get(words[-1].lower(), [])
        key = actor_key(name)
        best = name
        for _, full in candidates:
            if _compatible(key, actor_key(full)) and len(full) > len(best):
                best = full
        return best

    def _actor(self, name: str, kind: str) -> _Actor:
        key = actor_key(name) or name.lower()
        if kind == "person":
            for existing in self.actors.values():
                if existing.kind != "person":
                    continue
                if existing.key == key or (
                    _ends_in_name(existing.name)
                    and _ends_in_name(name)
                    and _compatible(existing.key, key)
                ):
                    if len(name) > len(existing.name):
                        existing.name = name
                        existing.key = key
                    return existing
        actor = self.actors.get(key)
        if actor is None and kind == "organisation":
            # "the World Health Organization" and "the WHO" are one body: the full name wins
            for existing in self.actors.values():
                if existing.kind != "organisation":
                    continue
                if _acronym_of(name, existing.name):
                    existing.add_alias(name)
                    return existing
                if _acronym_of(existing.name, name):
                    existing.add_alias(existing.name)
                    existing.name, existing.key = name, key
                    self.actors[key] = existing
                    return existing
        if actor is None:
            actor = _Actor(key=key, name=name, kind=kind)
            self.actors[key] = actor
        return actor

    # -- mentions ------------------------------------------------------------------------

    def mention_bounds(self, head: Token) -> tuple[int, int]:
        """Token range of the noun phrase headed by ``head``, without trailing modifiers."""
        start = head.left_edge.i
        # do not swallow a leading clause or quotation attached to the head
        for child in head.lefts:
            if _joins_words(child):
                continue  # the hyphen of "Jean-Pierre Raffarin"
            if child.dep_ in {"punct", "cc", "advmod", "prep", "mark"} or child.is_punct:
                start = max(start, child.right_edge.i + 1)
        end = head.i + 1
        # include flat name parts to the right (compound PROPN chains are usually on the left)
        for child in head.rights:
            if child.dep_ in {"compound", "flat"} and child.i == end:
                end = child.i + 1
        doc = self.doc
        # the parser sometimes glues a preceding prepositional object onto a name ("an
        # interview with foreign media Kremlin spokesman Dmitry Peskov"): a plain common noun
        # directly followed by a capitalised word ends the mention on the left
        for k in range(head.i - 1, start - 1, -1):
            tok = doc[k]
            if (
                tok.pos_ == "NOUN"
                and tok.is_lower
                and tok.lemma_ not in _ROLE_NOUNS
                and tok.lemma_ not in _ORGANISATION_NOUNS
                and tok.lower_ not in HONORIFICS
                and doc[k + 1].pos_ == "PROPN"
            ):
                start = k + 1
                break
        # "MOSCOW - Kremlin spokesman Dmitry Peskov said": a dateline set off by a spaced dash
        # is not part of the mention (a hyphen inside a name, "Jean-Pierre", is not spaced)
        for k in range(head.i - 1, start, -1):
            if doc[k].text in _DATELINE_DASHES and doc[k].whitespace_ and doc[k - 1].whitespace_:
                start = k + 1
                break
        # "a move critics said would ...": a singular article cannot go with a plural head, so
        # the article and the nouns after it belong to a phrase the parser ran into the mention
        if (
            head.tag_ == "NNS"
            and doc[start].dep_ == "det"
            and doc[start].lower_ in _SINGULAR_DETERMINERS
            and all(t.tag_ == "NN" for t in doc[start + 1 : head.i])
        ):
            start = head.i
        while start < head.i and (doc[start].is_punct or doc[start].is_space):
            start += 1
        return start, end

    def _entity_in(self, start: int, end: int, head: Token) -> int:
        n = self._ent_of[head.i]
        if n >= 0 and self.ents[n].label_ in _LABEL_KIND:
            return n
        return -1

    def resolve(
        self, head: Token, enclosing: str | None = None
    ) -> tuple[str | None, tuple[int, int]]:
        """Resolve a speaker head token to an actor key; also return the mention token range.

        ``enclosing`` is the actor key of the quotation the token sits in, if any (for "I"/"we"
        inside quotes). Returns ``(None, range)`` when the head cannot name a speaker.
        """
        doc = self.doc
        low = head.lower_
        if (head.pos_ == "PRON" or low in _PRONOUN_NAMES) and not (
            head.is_upper and len(head.text) > 1  # acronyms: "WHO say ..."
        ):
            bounds = (head.i, head.i + 1)
            key = self._resolve_pronoun(head, enclosing)
            if key is None:
                return None, bounds
            self.actors[key].add_alias(head.text)
            return key, bounds
        start, end = self.mention_bounds(head)
        surface = _span_text(doc, start, end)
        if not surface:
            return None, (start, end)
        n = self._entity_in(start, end, head)
        if n >= 0 and self.ents[n].end > end:
            # a name with its "of" part: "the Chamber of Commerce", not "the Chamber"
            end = self.ents[n].end
            surface = _span_text(doc, start, end)
        if n < 0 and self._is_bare_surname(head):
            return self._surname_person(head, surface), (start, end)
        if n < 0:
            # "Malaysia's Prime Minister, Najib Razak": a named apposition supplies the name.
            for child in head.rights:
                if child.dep_ == "appos" and self._ent_of[child.i] >= 0:
                    m = self._ent_of[child.i]
                    if self.ents[m].label_ == "PERSON":
                        key = self._named(self.ents[m].start, self.ents[m].end, m, surface)
                        actor = self.actors[key]
                        if not actor.description:
                            actor.description = self._role_phrase(head, start, end, surface)
                        return key, (start, end)
            return self._common(head, start, end, surface), (start, end)
        ent = self.ents[n]
        key = self._named(ent.start, ent.end, n, surface)
        actor = self.actors[key]
        if not actor.description:
            actor.description = self._description(head, start, ent.start)
        return key, (start, end)

    def _role_phrase(self, head: Token, start: int, end: int, surface: str) -> str:
        """A role noun phrase with its "of/for/at" complement: "head of NATO", "spokesman for
        the ministry" (the mention itself stops at the noun)."""
        last = end - 1
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in {"of", "for", "at"} and child.i == last + 1:
                last = child.right_edge.i
        text = _span_text(self.doc, start, last + 1) if last >= end else surface
        return _without_lead(text if last >= end else strip_honorifics(surface))

    def _named(self, ent_start: int, ent_end: int, n: int, surface: str) -> str:
        ent = self.ents[n]
        kind = _LABEL_KIND[ent.label_]
        raw = strip_honorifics(ent.text)
        if not raw:
            raw = ent.text
        if kind != "person" and raw.split()[-1].lower() in self._people:
            # the small NER model often labels a bare surname ORG ("Zakharova called ...")
            kind = "person"
        if kind == "person":
            raw = self._person_name(raw, ent_start)
        actor = self._actor(raw, kind)
        actor.add_alias(surface)
        actor.add_alias(_POSSESSIVE_RE.sub("", ent.text.strip()))
        return actor.key

    def _description(self, head: Token, start: int, ent_start: int) -> str:
        """Words of the mention in front of the name ("Kremlin spokesman"), or an apposition."""
        doc = self.doc
        if start < ent_start:
            words = [t for t in doc[start:ent_start] if not (t.is_punct or t.dep_ == "det")]
            # keep titles out of the name but in the description; drop bare honorifics
            if words and not all(t.lower_.rstrip(".") in {"mr", "mrs", "ms", "dr"} for t in words):
                return doc[words[0].i : words[-1].i + 1].text
        for child in head.rights:
            if child.dep_ == "appos":
                a, b = child.left_edge.i, child.right_edge.i + 1
                toks = [t for t in doc[a:b] if not t.is_punct]
                if toks and toks[0].dep_ == "det":
                    toks = toks[1:]
                if toks and len(toks) <= 12:
                    return _without_lead(doc[toks[0].i : toks[-1].i + 1].text)
        return ""

    def _common(self, head: Token, start: int, end: int, surface: str) -> str | None:
        """Speakers named by a common noun phrase: roles, groups, organisations, documents."""
        low = head.lemma_.lower()
        owned = self._owned_by_antecedent(head, start, end, low)
        if owned is not None:
            owned.add_alias(surface)
            return owned.key
        if low in _ANAPHORIC_ORGANISATION_NOUNS and self._is_definite_noun(head, start, end):
            key = self._named_organisation_before(head, low)
            if key is not None:
                self.actors[key].add_alias(surface)
                return key
        if head.pos_ == "PROPN" and _described_as_person(head):
            name = strip_honorifics(surface)
            if name:
                actor = self._actor(self._person_name(name, head.i), "person")
                actor.add_alias(surface)
                description = self._description(head, start, start)
                if not actor.description and description and not description[0].isdigit():
                    actor.description = description
                return actor.key
        if head.pos_ == "PROPN" or low in _ORGANISATION_NOUNS:
            kind = "organisation"
        elif head.tag_ in {"NNS", "NNPS"}:
            kind = "group"
        else:
            # a role noun may refer back to a described person: "the spokesman"
            for actor in reversed(list(self.actors.values())):
                if actor.kind == "person" and low in actor.description.lower().split():
                    actor.add_alias(surface)
                    return actor.key
            described = self._described_person(head, low)
            if described is not None:
                self.actors[described].add_alias(surface)
                return described
            kind = "person" if low in _ROLE_NOUNS else "group"
        name = strip_honorifics(surface) if kind != "person" else surface
        words = name.split()
        if words and words[0].lower() in {"the", "a", "an"}:
            name = " ".join(words[1:])
        if not name:
            return None
        actor = self._actor(name, kind)
        actor.add_alias(surface)
        return actor.key

    def _owned_by_antecedent(self, head: Token, start: int, end: int, low: str) -> _Actor | None:
        """ "Her office", "his aides", "its lawyers": the body or group of the person or
        organisation the possessive refers to, named after them ("Joan Whitfield's office");
        a bare "her office" would otherwise name one actor across every document. Single
        people ("his spokesman") are left to the role-noun rules."""
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        pronoun = _POSSESSIVE_PRONOUNS.get(poss.lower_) if poss is not None else None
        if pronoun is None or poss.i != start:
            return None
        if head.tag_ in {"NNS", "NNPS"}:
            kind = "group"
        elif low in _ORGANISATION_NOUNS or low == "campaign":
            kind = "organisation"
        elif low in _ROLE_NOUNS:
            kind = "person"
        else:
            return None
        key = self._antecedent(pronoun, head.i)
        if key is None:
            return None
        owner = self.actors[key].name
        rest = _span_text(self.doc, start + 1, end)
        return self._actor(f"{owner}'s {rest}", kind)

    def _is_definite_noun(self, head: Token, start: int, end: int) -> bool:
        """Whether the mention is "the" and the noun alone: "the agency", not "a state
        agency" or "the city's housing department" (which describe a body of their own)."""
        return (
            end == head.i + 1 and start == head.i - 1 and self.doc[start].lower_ == "the"
        ) and not any(c.dep_ == "prep" for c in head.rights)

    def _named_organisation_before(self, head: Token, noun: str) -> str | None:
        """Key of the organisation "the agency" refers back to: the nearest earlier named one
        whose name holds the noun ("the Ministry of Defence" for "the ministry"), else the
        nearest named in subject position, else the nearest named at all (within about a
        dozen sentences), of the right sort: "the agency" is not a company named before it."""
        subject: int | None = None
        nearest: int | None = None
        for at, kind, _, is_subject, is_entity in reversed(self._mentions):
            if at >= head.i or not is_entity or kind != "organisation":
                continue
            if head.i - at > 400:
                break
            ent = self.ents[self._ent_of[at]]
            if ent[-1].lower_ in self._people:
                continue  # a surname the entity model took for an organisation
            if any(t.lemma_.lower() == noun for t in ent):
                return self._named(ent.start, ent.end, self._ent_of[at], ent.text)
            if not _could_be(ent, noun):
                continue
            if nearest is None:
                nearest = at
            if subject is None and is_subject:
                subject = at
        chosen = subject if subject is not None else nearest
        if chosen is None:
            return None
        ent = self.ents[self._ent_of[chosen]]
        return self._named(ent.start, ent.end, self._ent_of[chosen], ent.text)

    def _described_person(self, head: Token, role: str) -> str | None:
        """Key of the nearest earlier person introduced with ``role`` ("spokesman Dmitry
        Peskov" for "the spokesman"), or None."""
        if role not in _ROLE_NOUNS:
            return None
        for at, kind, _, _, is_entity in reversed(self._mentions):
            if at >= head.i or kind != "person" or not is_entity:
                continue
            n = self._ent_of[at]
            ent = self.ents[n]
            left = self.doc[ent.root.left_edge.i : ent.start]
            if any(t.lemma_.lower() == role for t in left):
                surface = _span_text(self.doc, ent.root.left_edge.i, ent.end)
                key = self._named(ent.start, ent.end, n, surface)
                actor = self.actors[key]
                if not actor.description:
                    start, _ = self.mention_bounds(ent.root)
                    actor.description = self._description(ent.root, start, ent.start)
                return key
        return None

    def _resolve_pronoun(self, head: Token, enclosing: str | None) -> str | None:
        low = head.lower_
        if low in FIRST_SECOND_PRONOUNS:
            if enclosing is not None and low in {"i", "me", "we", "us"}:
                return enclosing
            actor = self._actor(head.text, "group" if low in {"we", "us"} else "person")
            return actor.key
        if low not in PERSONAL_PRONOUNS | NEUTER_PRONOUNS | PLURAL_PRONOUNS:
            return None
        key = self._antecedent(low, head.i)
        if key is not None:
            return key
        if low in PLURAL_PRONOUNS:
            return self._actor(head.text, "group").key
        return self._actor(head.text, "person" if low in PERSONAL_PRONOUNS else "group").key

    def _antecedent(self, low: str, before: int) -> str | None:
        """Key of the actor the third-person pronoun ``low`` at token ``before`` refers to:
        the nearest compatible mention in subject position, else the nearest compatible one
        (``None`` if there is none)."""
        if low in PERSONAL_PRONOUNS:
            wanted = {"person"}
        elif low in NEUTER_PRONOUNS:
            wanted = {"organisation", "country"}
        else:
            wanted = {"group", "organisation", "country"}
        best: int | None = None
        fallback: int | None = None
        gender = _PRONOUN_GENDER.get(low)
        for idx in range(len(self._mentions) - 1, -1, -1):
            at, kind, known, is_subject, is_entity = self._mentions[idx]
            if at >= before or kind not in wanted:
                continue
            if gender is not None:
                other = self._gender_of_mention(at, known, is_entity)
                if other is not None and other != gender:
                    continue  # "Ms Zakharova" is not "he"
            if fallback is None:
                fallback = idx
            if is_subject:
                best = idx
                break
            if before - at > 400:
                break
        chosen = best if best is not None else fallback
        if chosen is None:
            return None
        at, _, known, _, is_entity = self._mentions[chosen]
        if known is not None:
            return known
        if not is_entity:
            antecedent = self.doc[at]
            if self._is_bare_surname(antecedent):
                key = self._surname_person(antecedent, antecedent.text)
                if gender is not None and chosen == best:
                    self._note_gender(antecedent.lower_, gender)
                return key
            start, end = self.mention_bounds(antecedent)
            surface = _span_text(self.doc, start, end)
            return self._common(antecedent, start, end, surface) if surface else None
        n = self._ent_of[at]
        ent = self.ents[n]
        key = self._named(ent.start, ent.end, n, ent.text)
        if gender is not None and chosen == best:
            # a pronoun chain is evidence too: later "he" will not pick this "she"
            self._note_gender(self.actors[key].name.split()[-1].lower(), gender)
        return key

    def note_speaker(self, token_index: int, key: str) -> None:
        """Record a resolved non-entity speaker as a mention usable by later pronouns."""
        actor = self.actors.get(key)
        if actor is None:
            return
        self._mentions.append((token_index, actor.kind, key, True, False))
        self._mentions.sort(key=lambda m: m[0])

    def _title_in_entity(self, n: int) -> str:
        """Titles the NER put inside a name ("Prime Minister Rishi Sunak" -> "Prime
        Minister"), without bare honorifics."""
        ent = self.ents[n]
        words = _clean_words(ent.text)
        kept = strip_honorifics(ent.text).split()
        title = words[: len(words) - len(kept)] if kept else []
        title = [w for w in title if w.lower().rstrip(".") not in _BARE_HONORIFICS]
        return " ".join(title)

    def _document_description(self, actor: _Actor) -> str:
        """A role written next to any mention of this person in the document ("Russian
        President Vladimir Putin ... Putin said" -> "Russian President")."""
        for n in self._person_ents.get(actor.name.split()[-1].lower(), []):
            ent = self.ents[n]
            if not _compatible(actor.key, actor_key(strip_honorifics(ent.text))):
                continue
            start, _ = self.mention_bounds(ent.root)
            description = self._description(ent.root, start, ent.start)
            inside = self._title_in_entity(n)
            if inside and inside not in description:
                description = f"{description} {inside}".strip()
            if description:
                return description
        return ""

    def speakers(self) -> dict[str, ExtractedSpeaker]:
        """Freeze all actors, keyed by actor key (roles seen anywhere complete descriptions)."""
        for actor in self.actors.values():
            if actor.kind == "person" and not actor.description and actor.name:
                actor.description = self._document_description(actor)
        # An actor renamed to a fuller name carries a new key; results may hold either one.
        frozen = {id(actor): actor.freeze() for actor in self.actors.values()}
        by_key = {key: frozen[id(actor)] for key, actor in self.actors.items()}
        by_key.update({actor.key: frozen[id(actor)] for actor in self.actors.values()})
        return by_key


_BARE_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "miss", "mister", "sir", "madam"})

_ROLE_NOUNS = words("""
    spokesman spokeswoman spokesperson minister president official officer director chief
    leader secretary ambassador senator governor mayor coach member analyst expert author
    researcher scientist professor doctor witness resident poster editor reporter lawyer
    attorney prosecutor judge commander general chairman head founder owner manager
    """)


_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "&"})


def _acronym_of(short: str, name: str) -> bool:
    """Whether ``short`` is the initials of ``name``: "WHO" of "World Health Organization",
    "FDA" of "Food and Drug Administration"."""
    if not (short.isupper() and short.isalpha() and 2 <= len(short) <= 6):
        return False
    initials = "".join(w[0] for w in name.split() if w.lower() not in _ACRONYM_SKIP)
    return len(name.split()) > 1 and initials.upper() == short and initials.isupper()


def _without_lead(description: str) -> str:
    """A description without its leading article or possessive pronoun: "chief executive",
    not "Its chief executive" (which reads wrongly on the actor, away from the article)."""
    words = description.split()
    while len(words) > 1 and words[0].lower() in _DESCRIPTIVE_LEADS:
        words = words[1:]
    return " ".join(words)


def _joins_words(token: Token) -> bool:
    """A hyphen written between two words with no space ("Jean-Pierre")."""
    doc = token.doc
    return (
        token.text == "-"
        and not token.whitespace_
        and token.i > 0
        and not doc[token.i - 1].whitespace_
        and token.i + 1 < len(doc)
    )


def _ends_in_name(name: str) -> bool:
    """Whether ``name`` ends in a capitalised word, as a surname does ("Dmitry Peskov"), not
    in a role ("Tesco's finance chief", "senior official"): only then can it stand for a
    person known by the same surname."""
    words = name.split()
    return bool(words) and words[-1][:1].isupper()


def _could_be(ent: Span, noun: str) -> bool:
    """Whether the organisation named ``ent`` may be what "the <noun>" refers to: a public
    body's name holds a word like "Office" or "Administration", a company's does not (an
    acronym may be either)."""
    name = ent.text.strip()
    if name.isupper():
        return True
    public = any(t.lemma_.lower() in _PUBLIC_BODY_WORDS for t in ent)
    if noun in _PUBLIC_BODY_NOUNS:
        return public
    if noun in _COMPANY_NOUNS:
        return not public
    return True


def _described_as_person(head: Token) -> bool:
    """A name the entity model missed that its apposition shows to be a person's: an age
    ("Ana Torres, 34, said") or a role ("Tom Reilly, director of the trust, said")."""
    for child in head.rights:
        if child.dep_ != "appos":
            continue
        if child.like_num and child.text.isdigit() and 0 < int(child.text) < 120:
            return True
        if child.lemma_.lower() in _ROLE_NOUNS:
            return True
    return False


def unique_keys(keys: Iterable[str | None]) -> list[str]:
    """Keys in first-seen order without duplicates or Nones."""
    seen: dict[str, None] = {}
    for key in keys:
        if key is not None:
            seen.setdefault(key, None)
    return list(seen)


#: Common nouns that name a speaker: roles ("the minister") and bodies ("the ministry").
SPEAKER_NOUNS = _ROLE_NOUNS | _ORGANISATION_NOUNS
