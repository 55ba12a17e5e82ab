"""Curated, precompiled word lists used by the extractor.

Everything here is a ``frozenset`` of lower-case lemmas or a compiled regular expression, built
once at import time, so that the per-token checks in the extractor are constant-time lookups.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``text`` (for readable word lists)."""
    return frozenset(text.split())


# Verbs of saying: the subject is a speaker and the complement clause (or an adjacent quotation)
# is what was said. Lemmas, as produced by spaCy's English lemmatiser.
SPEECH_VERBS = words("""
    say tell state add claim announce insist argue explain note report write warn caution
    confirm clarify deny stress emphasise emphasize reply respond comment remark observe assert
    declare predict promise vow threaten allege reveal tweet post mention indicate estimate
    acknowledge admit concede suggest propose recommend urge maintain contend point repeat
    reiterate complain boast testify disclose assure reassure inform answer quip joke recall
    describe conclude agree dispute counter retort rule find show demonstrate prove signal
    guarantee pledge forecast project calculate read declare announce publish reason
    theorise theorize speculate posit surmise hypothesise hypothesize
    """)

# Verbs of cognition and attitude: "I think", "Russia fears", "she hopes". Stance is a claim too.
STANCE_VERBS = words("""
    think believe fear worry hope expect doubt know feel suspect reckon guess suppose assume
    realize realise understand remember consider wish trust bet figure imagine learn hear notice
    see decide recognise recognize
    """)

# Verbs whose complement is reported only when it is a that-clause or a quotation; too noisy
# with other complements ("I see the car", "I know him").
WEAK_STANCE_VERBS = frozenset(
    {"know", "see", "hear", "find", "show", "learn", "read", "figure", "prove", "demonstrate"}
)

# Verbs that report a speech act about a proposition named by a noun ("dismissed suggestions
# that ...", "rejected claims that ...").
PROPOSITION_NOUN_VERBS = frozenset(
    [
        "dismiss",
        "reject",
        "deny",
        "refute",
        "rebuff",
        "confirm",
        "repeat",
        "echo",
        "make",
        "voice",
        "raise",
        "express",
    ]
)
PROPOSITION_NOUNS = words("""
    suggestion claim allegation accusation report rumour rumor idea notion assertion view fear
    concern hope belief warning statement speculation contention argument insistence doubt
    """)

# Predicative adjectives of stance: "X is concerned that", "we are confident that".
STANCE_ADJECTIVES = words("""
    concerned worried afraid confident sure certain convinced aware hopeful optimistic
    pessimistic fearful adamant positive unsure uncertain doubtful disappointed glad happy
    sorry surprised alarmed determined
    """)

# Nouns of stance governed by "have": "I have no doubt that", "they have hopes that".
STANCE_NOUNS = words("doubt fear hope belief feeling impression concern conviction")

# Verbs that only report when their object complement is a quotation: Zakharova called such a
# move "an extremely dangerous step".
QUOTE_FRAME_VERBS = frozenset({"call", "describe", "label", "term", "dub", "brand"})

# Verbs that frame a quotation but do not take a that-clause: "“...,” she continued".
QUOTE_ONLY_VERBS = words(
    """
    continue shout exclaim cry whisper laugh plead demand recount summarise summarize sigh
    scoff snap interject chime
    """
)

# Cues for which the whole verb must not count when they head a question-like complement
# ("asked whether", "wondered if").
QUESTION_VERBS = frozenset({"ask", "wonder", "inquire", "enquire", "question"})

# Speaker-like subjects that never name who is speaking.
NON_SPEAKER_SUBJECTS = frozenset({"it", "this", "that", "there", "what", "which", "who"})

PERSONAL_PRONOUNS = frozenset({"he", "she", "him", "her"})
NEUTER_PRONOUNS = frozenset({"it"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
FIRST_SECOND_PRONOUNS = frozenset({"i", "me", "we", "us", "you", "one"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

# Titles and honorifics removed from canonical names.
HONORIFICS = words("""
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady madam mister
    president vice prime minister chancellor senator sen. rep. representative governor gov.
    mayor king queen prince princess pope ayatollah sheikh general gen. colonel col. captain
    capt. lieutenant admiral secretary ambassador judge justice chairman chairwoman chair
    spokesman spokeswoman spokesperson leader supreme deputy foreign defence defense state
    premier director chief ceo minister secretary-general commissioner speaker reverend rev.
    saint st. father attorney detective sergeant inspector officer coach bishop archbishop
    cardinal rabbi imam commander marshal superintendent constable sheriff councillor
    councilor alderman
    """)

# Gender evidence for he/she resolution: honorifics and gendered role or kinship nouns written
# next to a name ("Ms Zakharova", "spokeswoman Maria Zakharova"), and common given names.
FEMALE_MARKERS = words("""
    ms ms. mrs mrs. miss madam madame mme mme. dame lady queen princess duchess baroness
    countess empress sister mother wife daughter widow grandmother aunt niece actress
    spokeswoman chairwoman congresswoman businesswoman councilwoman sportswoman
    """)
# Common given names that are (almost) always one gender's in English-language news: evidence
# when a full name carries no honorific ("Laura Mendes ... He added" is not about her). Names
# given to both (Jean, Andrea, Kim, Alex, Robin, Jordan, Ashley, Nicola ...) are left out.
FEMALE_GIVEN_NAMES = words("""
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra dorothy kimberly emily donna michelle carol amanda melissa deborah
    stephanie rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia lauren joan evelyn judith megan cheryl
    hannah martha gloria teresa ann sara frances kathryn janice abigail alice judy sophia grace
    denise amber doris marilyn danielle beverly isabella theresa diana natalie brittany
    charlotte marie kayla claire claudia sophie ursula angelika annalena kamala hillary liz
    priya aisha fatima ana elena irina olga natalia svetlana tatiana yulia anastasia ingrid
    greta giorgia segolene jacinda kemi suella yvette priti penny
    """)
MALE_GIVEN_NAMES = words("""
    james robert john michael david william richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory frank raymond alexander patrick jack dennis jerry
    tyler aaron jose adam henry nathan douglas zachary peter kyle walter ethan jeremy harold
    keith christian roger noah gerald carl terry sean austin arthur lawrence jesse dylan bryan
    joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
    russell bobby philip louis vladimir dmitry sergei sergey igor mikhail alexei ivan boris
    emmanuel olaf friedrich volodymyr mohammed muhammad ahmed hassan recep narendra rishi keir
    nigel tony gordon joachim carsten marco luca giorgio pierre francois jacques hans klaus
    wolfgang jens antonio pedro carlos miguel luis jorge tom jim bill mike dave steve chris
    matt nick ben sam dan rob bob ted chuck huw
    """)
MALE_MARKERS = words("""
    mr mr. sir lord king prince duke baron count emperor monsieur brother father husband
    son widower grandfather uncle nephew actor spokesman chairman congressman businessman
    councilman sportsman
    """)

# Subordinators that open conditions, by kind. Multi-word forms are matched on lower-case token
# sequences starting at the connective.
CONDITIONAL_MARKS = frozenset({"if", "once", "whenever"})
ONLY_IF_SEQUENCES: tuple[tuple[str, ...], ...] = (
    ("only", "if"),
    ("provided", "that"),
    ("providing", "that"),
    ("provided",),
    ("providing",),
    ("as", "long", "as"),
    ("so", "long", "as"),
    ("on", "condition", "that"),
    ("on", "the", "condition", "that"),
    ("only", "when"),
)
CONDITIONAL_SEQUENCES: tuple[tuple[str, ...], ...] = (
    ("in", "case", "of"),
    ("in", "case"),
    ("in", "the", "case", "of"),
    ("in", "the", "event", "of"),
    ("in", "the", "event", "that"),
    ("in", "the", "event"),
    ("depending", "on"),
    ("depending", "upon"),
    ("assuming", "that"),
    ("supposing", "that"),
    ("even", "if"),
)
UNLESS_MARKS = frozenset({"unless"})
INVERSION_AUXILIARIES = frozenset({"should", "were", "had"})
# Complement-taking verbs after which "if"/"whether" introduces an indirect question, not a
# condition ("asked if", "decide whether").
INDIRECT_QUESTION_HEADS = frozenset(
    [
        "ask",
        "wonder",
        "know",
        "see",
        "check",
        "decide",
        "determine",
        "doubt",
        "question",
        "inquire",
        "enquire",
        "tell",
        "find",
    ]
)

# Temporal bounds: prepositions that make a deadline or a validity window out of a time phrase.
TEMPORAL_PREPOSITIONS = frozenset({"within", "until", "till", "by", "before", "through", "after"})
TEMPORAL_CLAUSE_MARKS = frozenset({"until", "till", "before"})
TIME_NOUNS = words("""
    second minute hour day week fortnight month year decade century weekend night morning
    evening afternoon midnight noon deadline end beginning start middle today tomorrow tonight
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december spring summer autumn fall winter
    quarter term session election summit
    """)

# Words that lower the check-worthiness of a sentence: hedges and opinion markers.
HEDGE_WORDS = words("""
    may might could perhaps maybe possibly probably likely unlikely apparently seemingly
    reportedly allegedly appear appears appeared seem seems seemed suggest suggests arguably
    believe think feel hope wish should must ought
    """)
OPINION_ADJECTIVES = words("""
    good bad great terrible wonderful awful beautiful ugly important interesting boring
    amazing brilliant stupid nice horrible excellent fantastic fascinating delicious
    """)

# Boilerplate lines that are never claims.
BOILERPLATE_RE = re.compile(
    r"""^\s*(?:
        (?:read|see|watch|listen)\s+(?:also|more|next)\b
      | related(?:\s+(?:stories|articles|content|coverage))?\s*:
      | more\s+(?:on|from)\s+\w+\s*:
      | (?:photo|image|picture|video|source|credit|caption)s?\s*:
      | (?:click|tap)\s+here\b
      | (?:sign\s+up|subscribe)\b
      | follow\s+us\b
      | share\s+(?:this|on)\b
      | advertisement\b
      | (?:copyright|\N{COPYRIGHT SIGN})
      | all\s+rights\s+reserved
      | (?:updated|published|posted|last\s+modified)\s*:?\s*\d
    )""",
    re.IGNORECASE | re.VERBOSE,
)
BYLINE_RE = re.compile(
    r"^\s*(?i:by|written\s+by|reporting\s+by|edited\s+by)\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})*\s*(?:[,|\-\N{EM DASH}].{0,60})?$"
)
# "WASHINGTON (Reuters) -", "MOSCOW, June 19 (AP) —", "LONDON:" at the start of a sentence.
DATELINE_RE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?"
    r"[A-Z][A-Z.'\-]{2,}(?:[ ,][A-Z][A-Z.'\-]{1,})*"
    r"(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([A-Za-z .&]+\))?\s*(?:[\-\N{EN DASH}\N{EM DASH}:])\s+"
)
DATE_ONLY_RE = re.compile(
    r"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s+\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)?(?:\s+[A-Z]{2,4})?\s*$",
    re.IGNORECASE,
)

# Quotation marks.
DOUBLE_OPEN = frozenset({"\u201c", "\u201e", "\u00ab"})
DOUBLE_CLOSE = frozenset({"\u201d", "\u00bb"})
STRAIGHT_DOUBLE = '"'
QUOTE_CHARS = frozenset({'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "``", "''"})
FINAL_PUNCT = frozenset(".!?\u2026")
CLOSING_TRAIL = frozenset("\"'\u201d\u2019)]\u00bb")
