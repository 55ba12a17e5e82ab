"""Storing extracted claims: actors matched across documents, pronouns never become actors."""

from __future__ import annotations

import pytest

from claims.extraction.types import ExtractedClaim, ExtractedSpeaker, Span
from claims.models import Actor, Claim
from claims.services import actor_for_speaker, store_extracted_claims
from corpus.ingestion import content_hash
from corpus.models import Document, Sentence


def make_document(text: str) -> tuple[Document, list[Sentence]]:
    document = Document.objects.create(text=text, content_hash=content_hash(text))
    sentence = Sentence.objects.create(
        document=document, index=0, start=0, end=len(text), text=text
    )
    return document, [sentence]


@pytest.mark.django_db
def test_short_and_full_names_of_one_person_become_one_actor():
    first = actor_for_speaker(ExtractedSpeaker("Trump", "person", ("President Trump",)))
    second = actor_for_speaker(ExtractedSpeaker("Donald Trump", "person", ("Mr Trump",)))
    assert first.pk == second.pk
    second.refresh_from_db()
    assert second.name == "Donald Trump"
    assert {"Trump", "President Trump", "Mr Trump"} <= set(second.aliases)


@pytest.mark.django_db
def test_people_sharing_a_surname_with_full_names_stay_apart():
    donald = actor_for_speaker(ExtractedSpeaker("Donald Trump", "person"))
    eric = actor_for_speaker(ExtractedSpeaker("Eric Trump", "person"))
    assert donald.pk != eric.pk


@pytest.mark.django_db
def test_people_named_by_a_role_are_not_matched_by_the_role_word():
    chief = actor_for_speaker(ExtractedSpeaker("Tesco's finance chief", "person"))
    other = actor_for_speaker(ExtractedSpeaker("chief", "person"))
    official = actor_for_speaker(ExtractedSpeaker("senior official", "person"))
    assert len({chief.pk, other.pk, official.pk}) == 3
    assert actor_for_speaker(ExtractedSpeaker("chief", "person")).pk == other.pk


@pytest.mark.django_db
def test_pronouns_and_descriptions_do_not_join_two_people_across_documents():
    mendes = actor_for_speaker(
        ExtractedSpeaker("Laura Mendes", "person", ("She", "Fire Chief Laura Mendes"))
    )
    cartwright = actor_for_speaker(
        ExtractedSpeaker("Helen Cartwright", "person", ("She", "The transport minister"))
    )
    ellison = actor_for_speaker(ExtractedSpeaker("Mark Ellison", "person", ("he", "The governor")))
    whitaker = actor_for_speaker(
        ExtractedSpeaker("John Whitaker", "person", ("He", "The governor"))
    )
    assert len({mendes.pk, cartwright.pk, ellison.pk, whitaker.pk}) == 4
    mendes.refresh_from_db()
    assert mendes.aliases == ["Fire Chief Laura Mendes"]
    again = actor_for_speaker(ExtractedSpeaker("Mendes", "person", ("Fire Chief Laura Mendes",)))
    assert again.pk == mendes.pk


@pytest.mark.django_db
def test_an_unresolved_pronoun_speaker_keeps_its_mention_but_creates_no_actor():
    text = "I think the plan will fail."
    document, sentences = make_document(text)
    extracted = ExtractedClaim(
        kind="indirect",
        content=Span(8, 26),
        cue=Span(2, 7),
        speaker=ExtractedSpeaker("I", "person"),
        speaker_mention=Span(0, 1),
        sentence_indices=(0,),
        check_worthiness=0.3,
    )
    [claim] = store_extracted_claims(document, sentences, [extracted])
    assert claim.speaker is None and claim.speaker_mention == {"start": 0, "end": 1, "text": "I"}
    assert not Actor.objects.exists()
    assert list(Claim.objects.get().sentences.all()) == sentences


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"content": Span(8, 99)}, "content_start"),
        ({"cue": Span(30, 40)}, "cue_start"),
        ({"kind": "rumour"}, "kind"),
        ({"kind": "assertion"}, "speaker"),
    ],
)
def test_an_impossible_extracted_claim_is_refused_before_anything_is_stored(changes, field):
    from django.core.exceptions import ValidationError

    text = "Officials said the plan will fail."
    document, sentences = make_document(text)
    fields = {
        "kind": "indirect", "content": Span(15, 33), "cue": Span(10, 14),
        "speaker": ExtractedSpeaker("Officials", "organisation"), "speaker_mention": Span(0, 9),
        "sentence_indices": (0,), "check_worthiness": 0.3,
    }  # fmt: skip
    extracted = ExtractedClaim(**{**fields, **changes})
    with pytest.raises(ValidationError) as error:
        store_extracted_claims(document, sentences, [extracted])
    assert field in error.value.message_dict
    assert not Claim.objects.exists() and not Actor.objects.exists()
