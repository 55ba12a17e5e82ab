"""Whole articles: speakers resolved across sentences, as an editor reads them.

The texts are written for these tests in the style of wire copy; each behaviour is tested on its
own elsewhere, these check that they hold together over a document.
"""

WILDFIRE = """\
Wildfire forces thousands to flee

Firefighters battled a fast-moving wildfire on Saturday that has destroyed at least 150 homes \
and forced more than 8,000 people to evacuate, state officials said.

"We have never seen a fire spread this quickly in this area," Fire Chief Laura Mendes told a \
news conference. She said crews had contained about 10 percent of the blaze.

The governor, Mark Ellison, said he had asked the federal government for emergency assistance. \
According to his office, the request was submitted late on Friday.

Residents described a chaotic escape. Ana Torres, 34, said she had only minutes to gather her \
children and leave. "The sky turned black," she said.
"""

BREACH = """\
LONDON (Reuters) - Britain's data watchdog fined software company Nexora 12 million pounds on \
Thursday for failing to protect the details of more than two million customers.

The Information Commissioner's Office said the company had ignored repeated warnings. \
"This was an entirely avoidable breach," Deputy Commissioner Priya Shah said in a statement.

Nexora, which is based in Manchester, said on Thursday it would appeal. Its chief executive, \
Daniel Brooks, told the BBC that the fine was "disproportionate".

The watchdog said it could impose further penalties if Nexora failed to make the required \
improvements by March.
"""


def speakers(ex) -> list[tuple[str, str]]:
    return [(ex.of(c.speaker_mention), c.speaker.name) for c in ex.attributed()]


def test_every_claim_of_the_wildfire_article_has_its_speaker(extract):
    ex = extract(WILDFIRE)
    assert speakers(ex) == [
        ("state officials", "officials"),
        ("Fire Chief Laura Mendes", "Laura Mendes"),
        ("She", "Laura Mendes"),
        ("The governor", "Mark Ellison"),
        ("his office", "Mark Ellison's office"),
        ("Ana Torres", "Ana Torres"),
        ("she", "Ana Torres"),
    ]


def test_every_claim_of_the_breach_article_has_its_speaker(extract):
    ex = extract(BREACH)
    assert speakers(ex) == [
        ("The Information Commissioner's Office", "Information Commissioner's Office"),
        ("Deputy Commissioner Priya Shah", "Priya Shah"),
        ("Nexora", "Nexora"),
        ("Its chief executive", "Daniel Brooks"),
        ("The watchdog", "Information Commissioner's Office"),
    ]
    appeal = ex.attributed()[2]
    assert ex.of(appeal.content) == "it would appeal"
    (lead,) = [c for c in ex.claims if c.kind == "assertion"]
    assert ex.of(lead.content).startswith("Britain's data watchdog fined")
