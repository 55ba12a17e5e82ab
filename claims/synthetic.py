"""Synthetic news articles for benchmarks and scale tests (plain Python, no Django).

Articles are built from sentence templates filled with random (seeded, reproducible) people,
countries, organisations, topics and numbers: direct and reported quotes with cues and
speakers, conditions ("only if", "unless", "if", "within two weeks"), negations, statements in
the article's own voice, and filler sentences with no claim. Because the generator writes
every sentence itself, it also knows every span (sentence, claim content, cue, speaker
mention, condition), so :mod:`claims.management.commands.generate_corpus` can store a large
corpus with bulk inserts and no parsing.

Offsets are half-open ``[start, end)`` code point offsets into the article text.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

FIRST_NAMES = [
    "Maria",
    "Sergei",
    "Dmitry",
    "Anna",
    "Olena",
    "Ahmed",
    "Li",
    "Wei",
    "James",
    "Sarah",
    "Pedro",
    "Lucia",
    "Hans",
    "Ingrid",
    "Kenji",
    "Yuki",
    "Amara",
    "Kwame",
    "Fatima",
    "Omar",
    "Elena",
    "Pavel",
    "Irina",
    "Tomas",
    "Marta",
    "Jonas",
    "Aisha",
    "Ravi",
    "Priya",
    "Chen",
    "Sofia",
    "Lars",
    "Ewa",
    "Marek",
    "Nadia",
    "Yusuf",
    "Leila",
    "Diego",
    "Carmen",
    "Hugo",
    "Claire",
]
SURNAMES = [
    "Zakharova",
    "Ryabkov",
    "Peskov",
    "Kovalenko",
    "Hassan",
    "Zhang",
    "Miller",
    "Okafor",
    "Silva",
    "Rossi",
    "Becker",
    "Larsen",
    "Tanaka",
    "Mensah",
    "Haddad",
    "Novak",
    "Ivanova",
    "Horvat",
    "Nowak",
    "Kowalski",
    "Petrov",
    "Sato",
    "Moreau",
    "Dubois",
    "Fischer",
    "Jensen",
    "Costa",
    "Ferreira",
    "Khan",
    "Gupta",
    "Lindqvist",
    "Varga",
    "Popescu",
    "Demir",
    "Aziz",
    "Herrera",
    "Navarro",
    "Laurent",
    "Schmidt",
    "Walsh",
    "Brennan",
    "Okonkwo",
    "Abadi",
    "Castillo",
    "Romero",
    "Nieminen",
    "Virtanen",
    "Andersen",
    "Kaplan",
]
ROLES = (
    "foreign ministry spokeswoman", "deputy foreign minister", "Kremlin spokesman",
    "defence minister", "prime minister", "central bank governor", "trade commissioner",
    "energy minister", "opposition leader", "finance minister", "UN envoy", "army chief",
)  # fmt: skip
COUNTRIES = (
    "Russia", "Iran", "Ukraine", "Israel", "China", "Turkey", "France", "Germany", "Britain",
    "Poland", "India", "Brazil", "Egypt", "Japan", "Canada", "Italy", "Spain", "Qatar",
    "Saudi Arabia", "South Africa", "Nigeria", "Kenya", "Mexico", "Argentina", "Norway",
    "Sweden", "Finland", "Hungary", "Romania", "Greece", "Serbia", "Georgia", "Armenia",
    "Azerbaijan", "Kazakhstan", "Pakistan", "Indonesia", "Vietnam", "Australia", "Chile",
)  # fmt: skip
ORGANISATIONS = (
    "the European Commission", "NATO", "the World Bank", "the Kremlin", "the IMF",
    "the United Nations", "the African Union", "OPEC", "the Red Cross", "the WHO",
)  # fmt: skip
CITIES = (
    "Kyiv", "Tehran", "Moscow", "Brussels", "Geneva", "Istanbul", "Doha", "Cairo", "Warsaw",
    "Berlin", "Paris", "London", "Ankara", "Vienna", "Riyadh", "Beijing", "Delhi", "Nairobi",
)  # fmt: skip
OUTLETS = (
    "The Moscow Times", "Euronews", "Reuters", "Associated Press", "The Guardian",
    "Le Monde", "Der Spiegel", "Al Jazeera", "BBC News", "Kyiv Independent",
)  # fmt: skip
ACTIONS = (
    "agree to a ceasefire", "resume grain exports", "lift the sanctions", "sign the treaty",
    "halt arms deliveries", "join the talks", "withdraw its troops", "cut interest rates",
    "raise oil output", "reopen the border", "release the prisoners", "expand the pipeline",
    "recognise the election result", "send peacekeepers", "freeze the assets",
)  # fmt: skip
CONDITIONS = (
    "Western backers halted arms deliveries", "the talks were held in a neutral country",
    "the sanctions were lifted first", "inflation fell below three per cent",
    "the border stayed open", "the prisoners were released", "the parliament approved the deal",
    "international monitors were allowed in", "the fighting stopped", "the loans were repaid",
)  # fmt: skip
STATES = (
    "the situation is extremely dangerous", "the deal is unacceptable",
    "the economy will grow this year", "the treaty is a mutual defence pact",
    "the blockade is illegal", "the vote was fair", "the strikes were justified",
    "the pipeline is safe", "the sanctions are working", "the region is stable",
)  # fmt: skip
CUES = ("said", "warned", "told reporters", "insisted", "stressed", "claimed")
FILLERS = (
    "The meeting took place in {city} on {weekday}.",
    "Reporters gathered outside the ministry in {city} for several hours.",
    "Read also: {country} and {country2} trade talks resume.",
    "The statement was published on the ministry website late in the evening.",
    "Delegations from {n} countries attended the summit in {city}.",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "ten", "fourteen", "twenty")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    surname: str
    role: str
    kind: str = "person"


@dataclass(slots=True)
class SyntheticClaim:
    """A claim with its spans (article offsets) and its speaker's name (None: assertion)."""

    kind: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    speaker: Person | None
    mention: tuple[int, int] | None
    sentence: int
    conditions: list[tuple[str, tuple[int, int]]] = field(default_factory=list)


@dataclass(slots=True)
class SyntheticArticle:
    title: str
    outlet: str
    published: dt.date
    text: str
    sentences: list[tuple[int, int]]
    claims: list[SyntheticClaim]


_ZIPF = [1 / (rank + 1) for rank in range(10_000)]


def people(rng: random.Random, count: int) -> list[Person]:
    """A reproducible pool of distinct people with roles."""
    pool = [(f, s) for s in SURNAMES for f in FIRST_NAMES]
    rng.shuffle(pool)
    return [Person(f"{f} {s}", s, rng.choice(ROLES)) for f, s in pool[:count]]


class _Writer:
    """Builds one article, tracking offsets as sentences are appended."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.sentences: list[tuple[int, int]] = []
        self.claims: list[SyntheticClaim] = []

    def sentence(self, pieces: list[tuple[str, str | None]]) -> dict[str, tuple[int, int]]:
        """Append a sentence made of ``(text, label)`` pieces; returns the labelled spans."""
        spans: dict[str, tuple[int, int]] = {}
        start = self.length
        for text, label in pieces:
            if label:
                spans[label] = (self.length, self.length + len(text))
            self.parts.append(text)
            self.length += len(text)
        self.sentences.append((start, self.length))
        return spans

    def gap(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _sentence(rng: random.Random, writer: _Writer, cast: list[Person]) -> None:
    person = rng.choice(cast)
    country, country2 = rng.sample(COUNTRIES, 2)
    index = len(writer.sentences)
    roll = rng.random()
    if roll < 0.18:
        state = rng.choice(STATES)
        quote = f"“{state[0].upper()}{state[1:]}, and {country} knows it,”"
        cue = rng.choice(CUES)
        spans = writer.sentence(
            [(quote, "content"), (" ", None), (f"Mr {person.surname}", "mention"),
             (" ", None), (cue, "cue"), (".", None)]
        )  # fmt: skip
        writer.claims.append(
            SyntheticClaim(
                "direct", spans["content"], spans["cue"], person, spans["mention"], index
            )
        )
    elif roll < 0.36:
        action = rng.choice(ACTIONS)
        condition_kind, word = rng.choice(
            [("only_if", "only if"), ("unless", "unless"), ("conditional", "if")]
        )
        negated = " not" if condition_kind == "unless" else ""
        spans = writer.sentence(
            [(f"{person.role.capitalize()} {person.name}", "mention"), (" ", None),
             ("said", "cue"), (" ", None),
             (f"{country} would{negated} {action} ", "content_head"),
             (f"{word} {rng.choice(CONDITIONS)}", "condition"), (".", None)]
        )  # fmt: skip
        content = (spans["content_head"][0], spans["condition"][1])
        claim = SyntheticClaim("indirect", content, spans["cue"], person, spans["mention"], index)
        claim.conditions.append((condition_kind, spans["condition"]))
        writer.claims.append(claim)
    elif roll < 0.48:
        weeks = rng.choice(NUMBER_WORDS)
        spans = writer.sentence(
            [("According to ", "cue_head"), (f"{person.name}", "mention"), (", ", None),
             (f"a decision on whether to {rng.choice(ACTIONS)} would be made ", "content_head"),
             (f"within {weeks} weeks", "condition"), (".", None)]
        )  # fmt: skip
        content = (spans["content_head"][0], spans["condition"][1])
        cue = (spans["cue_head"][0], spans["cue_head"][1] - 1)
        claim = SyntheticClaim("indirect", content, cue, person, spans["mention"], index)
        claim.conditions.append(("temporal", spans["condition"]))
        writer.claims.append(claim)
    elif roll < 0.62:
        year = rng.randint(1995, 2025)
        text = rng.choice(
            [
                f"{country} has deepened its ties with {country2} since {year}.",
                f"{rng.choice(NUMBER_WORDS).capitalize()} people were killed in overnight "
                f"attacks on {rng.choice(CITIES)} earlier this week.",
                f"{country} signed a strategic partnership agreement with {country2} in {year}.",
                f"Trade between {country} and {country2} grew by {rng.randint(2, 40)} per cent "
                f"last year.",
            ]
        )
        spans = writer.sentence([(text, "content")])
        writer.claims.append(SyntheticClaim("assertion", spans["content"], None, None, None, index))
    elif roll < 0.72:
        org = rng.choice(ORGANISATIONS)
        speaker = Person(org.removeprefix("the "), org, "", kind="organisation")
        spans = writer.sentence(
            [(f"{org[0].upper()}{org[1:]}", "mention"), (" ", None), ("warned", "cue"),
             (" that ", None), (f"{rng.choice(STATES)} in {country}", "content"), (".", None)]
        )  # fmt: skip
        writer.claims.append(
            SyntheticClaim(
                "indirect", spans["content"], spans["cue"], speaker, spans["mention"], index
            )
        )
    else:
        template = rng.choice(FILLERS)
        writer.sentence(
            [
                (
                    template.format(
                        city=rng.choice(CITIES),
                        weekday=rng.choice(WEEKDAYS),
                        country=country,
                        country2=country2,
                        n=rng.randint(3, 60),
                    ),
                    None,
                )
            ]
        )


def article(rng: random.Random, pool: list[Person], *, sentences: int) -> SyntheticArticle:
    """One article of about ``sentences`` sentences: a title line, then paragraphs."""
    # A few people are quoted all the time, most rarely (a Zipf-like share, as in news).
    cast = rng.choices(pool, weights=_ZIPF[: len(pool)], k=4)
    writer = _Writer()
    country = rng.choice(COUNTRIES)
    title = f"{country} {rng.choice(['warns', 'signals', 'rejects', 'welcomes'])} {rng.choice(ACTIONS).split(' ', 1)[1]}"
    writer.sentence([(title, None)])
    while len(writer.sentences) < sentences:
        writer.gap("\n")
        for i in range(rng.randint(2, 4)):
            if i:
                writer.gap(" ")
            _sentence(rng, writer, cast)
    return SyntheticArticle(
        title=title,
        outlet=rng.choice(OUTLETS),
        published=dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
        text=writer.text(),
        sentences=writer.sentences,
        claims=writer.claims,
    )


def articles(
    count: int, *, seed: int = 0, sentences: int = 30, people_count: int = 400
) -> Iterator[SyntheticArticle]:
    """``count`` reproducible articles of about ``sentences`` sentences each."""
    rng = random.Random(seed)
    pool = people(rng, people_count)
    for n in range(count):
        item = article(rng, pool, sentences=sentences)
        # A serial number keeps every text (and so its content hash) distinct.
        suffix = f"\nReport {seed}-{n}."
        start = len(item.text) + 1
        item.text += suffix
        item.sentences.append((start, len(item.text)))
        yield item
