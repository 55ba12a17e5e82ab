"""Cross-document actor matching helpers (pure)."""

import pytest

from claims.extraction import ExtractedSpeaker, actor_key, identifying_alias, same_actor


def test_actor_key_drops_titles_and_case():
    assert actor_key("President Trump") == "trump"


def test_actor_key_drops_honorifics_and_possessives():
    assert actor_key("Mr Peskov’s") == "peskov"


def test_actor_key_drops_leading_article():
    assert actor_key("The Kremlin") == "kremlin"


def test_pronouns_have_no_actor_key():
    assert actor_key("he") == ""


def test_surname_matches_full_name():
    assert same_actor("Trump", "Donald Trump")


def test_title_and_surname_matches_full_name():
    assert same_actor("President Trump", "Donald Trump")


def test_honorific_form_matches_full_name():
    assert same_actor("Mr Peskov", "Dmitry Peskov")


def test_different_first_names_are_different_people():
    assert not same_actor("Donald Trump", "Eric Trump")


def test_speakers_match_through_aliases():
    a = ExtractedSpeaker("Dmitry Peskov", "person", ("Mr Peskov",), "Kremlin spokesman")
    b = ExtractedSpeaker("Peskov", "person", (), "")
    assert same_actor(a, b)


def test_unrelated_names_do_not_match():
    assert not same_actor("Maria Zakharova", "Sergei Ryabkov")


def test_title_words_that_name_a_body_are_kept():
    assert actor_key("The Defence Ministry") == "defence ministry"


def test_different_ministries_are_different_actors():
    assert not same_actor("Defence Ministry", "Foreign Ministry")


@pytest.mark.parametrize(
    ("alias", "identifying"),
    [
        ("Mr Peskov", True),
        ("the Kremlin", True),
        ("Kremlin spokesman Dmitry Peskov", True),
        ("The Transportation Secretary", True),
        ("She", False),
        ("we", False),
        ("The governor", False),
        ("Her office", False),
        ("its chief executive", False),
        ("the", False),
    ],
)
def test_only_names_identify_an_actor_beyond_its_document(alias, identifying):
    assert identifying_alias(alias) is identifying
