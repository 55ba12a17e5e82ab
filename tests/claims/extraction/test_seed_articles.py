"""Behaviour on the two seed articles, from a reading of the articles (not golden dumps)."""

import re

import pytest

from claims.extraction import same_actor


def claims_by(ex, name):
    return [c for c in ex.attributed() if c.speaker and same_actor(c.speaker, name)]


def test_peskov_multi_sentence_quote_is_one_direct_claim(kremlin_article):
    ex = kremlin_article
    claim = ex.containing("An enlargement of the composition")
    assert claim.kind == "direct"
    assert "another circle of confrontation" in ex.of(claim.content)
    assert claim.speaker.name == "Dmitry Peskov"
    assert len(claim.sentence_indices) >= 2


def test_peskov_has_one_canonical_name_with_his_role(kremlin_article):
    speakers = {c.speaker for c in claims_by(kremlin_article, "Peskov")}
    assert {s.name for s in speakers} == {"Dmitry Peskov"}
    assert all(s.description == "Kremlin spokesman" for s in speakers)
    assert "Mr Peskov" in next(iter(speakers)).aliases


def test_quote_continuation_without_cue_goes_to_peskov(kremlin_article):
    claim = kremlin_article.containing("They will open the Pandora")
    assert claim.speaker.name == "Dmitry Peskov"


def test_he_said_after_peskov_resolves_to_peskov(kremlin_article):
    claim = kremlin_article.containing("Everyone has a different language")
    assert claim.speaker.name == "Dmitry Peskov"
    assert kremlin_article.of(claim.speaker_mention) == "he"


def test_should_inversion_bounds_the_very_negatively_claim(kremlin_article):
    claim = kremlin_article.containing("very negatively")
    assert ("conditional", "should the Iranian leader be killed") in kremlin_article.conditions(
        claim
    )


def test_only_if_condition_on_the_ceasefire_claim(kremlin_article):
    claim = kremlin_article.containing("would only agree to such a measure")
    kinds = kremlin_article.conditions(claim)
    assert ("only_if", "if Ukraine’s Western backers halted arms deliveries") in kinds


def test_condition_in_the_question_goes_to_the_answer(kremlin_article):
    claim = kremlin_article.containing("trigger instability")
    assert ("conditional", "if Ayatollah Khamenei were assassinated") in (
        kremlin_article.conditions(claim)
    )


def test_trump_two_week_deadline_is_temporal(kremlin_article):
    claim = kremlin_article.containing("a decision would be made")
    assert claim.speaker.name == "Donald Trump"
    assert ("temporal", "within two weeks") in kremlin_article.conditions(claim)


def test_dismissed_suggestions_is_peskov_claim(kremlin_article):
    claim = kremlin_article.containing("Russia was isolated diplomatically")
    assert claim.speaker.name == "Dmitry Peskov"


def test_read_also_and_the_trailing_headline_are_not_claims(kremlin_article):
    ex = kremlin_article
    assert all("Read also" not in ex.of(c.content) for c in ex.claims)
    assert all("Trump Sets Two-Week Deadline" not in ex.of(c.content) for c in ex.claims)


def test_kremlin_is_a_speaker(kremlin_article):
    assert claims_by(kremlin_article, "Kremlin")


@pytest.mark.parametrize("name", ["Zakharova", "Ryabkov", "Trump", "Putin", "Kremlin", "Russia"])
def test_iran_article_speakers(iran_article, name):
    assert claims_by(iran_article, name), name


def test_putin_clarification_carries_the_negation(iran_article):
    claim = iran_article.containing("their treaty is not a mutual defence pact")
    assert claim.speaker.name == "Putin"
    assert ("negation", "not a mutual defence pact") in iran_article.conditions(claim)


def test_according_to_the_kremlin_is_attributed_to_the_kremlin(iran_article):
    claim = iran_article.containing("strongly condemn Israel’s actions")
    assert claim.speaker.name == "Kremlin"
    assert claim.kind == "mixed"


def test_russia_is_concerned_and_worries(iran_article):
    concerned = iran_article.containing("could spiral into a much larger regional conflict")
    worries = iran_article.containing("could replace Iran’s current leadership")
    assert concerned.speaker.name == worries.speaker.name == "Russia"


def test_question_headings_are_not_claims(iran_article):
    ex = iran_article
    for heading in ("Why does Russia care so much about Iran?", "Is Putin offering to mediate?"):
        start = ex.text.index(heading)
        assert all(
            not (c.content.start < start + len(heading) and start < c.content.end)
            for c in ex.claims
        )


def test_zakharova_is_a_person_despite_the_ner_label(iran_article):
    claim = iran_article.containing("particularly warn Washington")
    assert claim.speaker.name == "Maria Zakharova"
    assert claim.speaker.kind == "person"


def test_peskov_reaction_content_keeps_its_should_condition(kremlin_article):
    claim = kremlin_article.containing("would react “very negatively”")
    assert kremlin_article.of(claim.content).endswith("should the Iranian leader be killed")


def _lines(text: str, keep) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of ``text`` for which ``keep(line)`` holds."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip() and keep(line.strip()):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _overlaps(claim, start: int, end: int) -> bool:
    return claim.content.start < end and start < claim.content.end


@pytest.mark.parametrize("article", ["kremlin_article", "iran_article"])
def test_no_claim_touches_a_question_heading_or_a_link_line(request, article):
    ex = request.getfixturevalue(article)
    lines = ex.text.split("\n")
    link_titles = {
        lines[i + 1].strip() for i, line in enumerate(lines[:-1]) if line.strip() == "Read also:"
    }
    banned = _lines(
        ex.text,
        lambda line: line.endswith("?") or line == "Read also:" or line in link_titles,
    )
    assert len(banned) == (2 if article == "kremlin_article" else 4)
    offending = [
        ex.text[start:end] for start, end in banned for c in ex.claims if _overlaps(c, start, end)
    ]
    assert offending == []


@pytest.mark.parametrize("article", ["kremlin_article", "iran_article"])
def test_every_quote_of_several_sentences_is_one_attributed_claim(request, article):
    ex = request.getfixturevalue(article)
    quotes = [
        (m.start(), m.end())
        for m in re.finditer(r"“[^”]*”", ex.text)
        if re.search(r"[.?!][’”]?\s+\S", m.group()[:-1])
    ]
    assert quotes, "the seed has quotes running over several sentences"
    for start, end in quotes:
        holders = [c for c in ex.claims if c.content.start <= start and end <= c.content.end]
        assert holders, ex.text[start:end]
        assert all(c.speaker is not None and c.kind in ("direct", "mixed") for c in holders)


def test_the_kremlin_article_quotes_peskov_and_reports_trump_and_the_kremlin(kremlin_article):
    names = {c.speaker.name for c in kremlin_article.attributed() if c.kind == "direct"}
    assert names == {"Dmitry Peskov"}
    speakers = {c.speaker.name for c in kremlin_article.attributed() if c.speaker}
    assert {"Dmitry Peskov", "Donald Trump", "Kremlin"} <= speakers
