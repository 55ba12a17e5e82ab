"""Whole real documents never make the extractor fail."""

from __future__ import annotations

from claims.extraction import extract_claims
from corpus.segmentation import segment


def test_a_role_speaker_renamed_to_a_fuller_name_keeps_its_claims(nlp):
    # "The poster" becomes "One poster" later on: the speaker's key changes after claims
    # already point at it.
    text = (
        'The poster wrote that "Prompted I think by the video, a new obsession is taking hold on '
        'the internet. An insurgency against the church."\n'
        'One poster admitted to being a part of the effort, writing in a blog post "I have myself, '
        "as per instructions, loaded up the tool and started bombarding the homepage."
    )
    doc = nlp(text)
    claims = extract_claims(doc, segment(doc))
    assert claims, "the reported statements are found"
    assert all(claim.speaker is not None for claim in claims if claim.kind != "assertion")
