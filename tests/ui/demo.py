"""Hand-made claims on the seed articles, for the browser tests and the screenshots.

They are created through ``claims.review`` (as an editor would), so the pages can be exercised
whatever the extractor finds. Each span is located by a phrase inside an anchoring passage.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims import review
from claims.models import Actor, Claim, CrossReference, Origin
from corpus.models import Document


@dataclass(frozen=True)
class DemoClaim:
    anchor: str
    content: str
    cue: str
    speaker: str
    mention: str
    kind: str
    status: str
    conditions: tuple[tuple[str, str], ...] = ()
    worthiness: float = 0.5


PESKOV = "Dmitry Peskov"
DEMO = {
    "000": [
        DemoClaim(
            anchor="Kremlin spokesman Dmitry Peskov told Sky News that Russia would react “very negatively” should the Iranian leader be killed",
            content="Russia would react “very negatively” should the Iranian leader be killed",
            cue="told", speaker=PESKOV, mention="Kremlin spokesman Dmitry Peskov",
            kind=Claim.Kind.INDIRECT, status=Claim.Status.ACCEPTED,
            conditions=(("conditional", "should the Iranian leader be killed"),), worthiness=0.8,
        ),
        DemoClaim(
            anchor="U.S. President Donald Trump, who said a decision would be made within two weeks on whether to support the Israeli operation",
            content="a decision would be made within two weeks on whether to support the Israeli operation",
            cue="said", speaker="Donald Trump", mention="U.S. President Donald Trump",
            kind=Claim.Kind.INDIRECT, status=Claim.Status.SUGGESTED,
            conditions=(("temporal", "within two weeks"),), worthiness=0.7,
        ),
        DemoClaim(
            anchor="Mr Peskov said Russia would only agree to such a measure if Ukraine’s Western backers halted arms deliveries",
            content="Russia would only agree to such a measure if Ukraine’s Western backers halted arms deliveries",
            cue="said", speaker=PESKOV, mention="Mr Peskov",
            kind=Claim.Kind.INDIRECT, status=Claim.Status.SUGGESTED,
            conditions=(("only_if", "if Ukraine’s Western backers halted arms deliveries"),),
            worthiness=0.9,
        ),
        DemoClaim(
            anchor="“Now we have a strategic advantage. Why should we lose it? We are not going to lose it,” Mr Peskov said",
            content="Now we have a strategic advantage. Why should we lose it? We are not going to lose it,",
            cue="said", speaker=PESKOV, mention="Mr Peskov",
            kind=Claim.Kind.DIRECT, status=Claim.Status.SUGGESTED, worthiness=0.6,
        ),
    ],
    "004": [
        DemoClaim(
            anchor="He also clarified that their treaty is not a mutual defence pact",
            content="their treaty is not a mutual defence pact",
            cue="clarified", speaker="Vladimir Putin", mention="He",
            kind=Claim.Kind.INDIRECT, status=Claim.Status.ACCEPTED,
            conditions=(("negation", "not a mutual defence pact"),), worthiness=0.75,
        ),
        DemoClaim(
            anchor="Moscow’s foreign ministry spokeswoman Maria Zakharova said, “We would like to particularly warn Washington against military intervention in the situation.”",
            content="We would like to particularly warn Washington against military intervention in the situation.",
            cue="said", speaker="Maria Zakharova", mention="Moscow’s foreign ministry spokeswoman Maria Zakharova",
            kind=Claim.Kind.DIRECT, status=Claim.Status.SUGGESTED, worthiness=0.65,
        ),
    ],
}  # fmt: skip


def _span(text: str, anchor: str, phrase: str) -> tuple[int, int]:
    base = text.index(anchor)
    start = base + anchor.index(phrase)
    return start, start + len(phrase)


def add_demo_claims(documents: list[Document], user) -> list[Claim]:
    """Create the demo claims (with conditions and one suggested link) on the seed documents."""
    created: list[Claim] = []
    for document in documents:
        key = document.source_name.rsplit("/", 1)[-1][:3]
        for item in DEMO.get(key, []):
            text = document.text
            actor, _ = Actor.objects.get_or_create(name=item.speaker, kind=Actor.Kind.PERSON)
            content = _span(text, item.anchor, item.content)
            cue = _span(text, item.anchor, item.cue)
            mention = _span(text, item.anchor, item.mention)
            claim = review.claim_create(
                document=document, user=user, content_start=content[0], content_end=content[1],
                cue_start=cue[0], cue_end=cue[1], speaker=actor, speaker_start=mention[0],
                speaker_end=mention[1], kind=item.kind, status=item.status,
                check_worthiness=item.worthiness,
            )  # fmt: skip
            for kind, phrase in item.conditions:
                start, end = _span(text, item.anchor, phrase)
                review.condition_create(claim=claim, kind=kind, start=start, end=end, user=user)
            created.append(claim)
    if len(created) >= 6:
        # A machine-style suggestion between the two warnings, for the links review.
        CrossReference.objects.create(
            source=created[0], target=created[5], relation=CrossReference.Relation.RELATED,
            score=0.72, origin=Origin.MACHINE,
        )  # fmt: skip
    return created
