"""The article's own voice: which sentences become assertions, and their scores."""

from claims.extraction.assertions import is_boilerplate, is_heading, is_question


def test_sentence_with_numbers_and_dates_is_an_assertion(extract):
    ex = extract("Fourteen people were killed in overnight attacks on Kyiv in June 2025.")
    (claim,) = ex.claims
    assert claim.kind == "assertion"
    assert claim.speaker is None
    assert claim.check_worthiness >= 0.6


def test_hedged_opinion_scores_below_a_factual_sentence(extract):
    fact = extract("The two countries signed a trade agreement in January 2022.")
    hedge = extract("Perhaps it might be a rather good idea.")
    fact_score = fact.claims[0].check_worthiness
    assert all(c.check_worthiness < fact_score for c in hedge.claims)


def test_heading_without_final_punctuation_is_never_a_claim(extract):
    ex = extract("Trump Sets Two-Week Deadline on Iran Decision\nThe talks ended in 2024.")
    assert all("Deadline" not in ex.of(c.content) for c in ex.claims)


def test_question_is_never_a_claim(extract):
    ex = extract("Why did Russia sign 12 agreements with Iran in 2025?")
    assert ex.claims == []


def test_read_also_line_is_never_a_claim(extract):
    ex = extract("Read also:\nTrump Sets Two-Week Deadline on Iran Decision")
    assert ex.claims == []


def test_dateline_is_not_part_of_the_assertion(extract):
    ex = extract("MOSCOW (Reuters) - Russia signed 12 agreements with Iran in January 2025.")
    (claim,) = ex.claims
    assert ex.of(claim.content).startswith("Russia signed")


def test_check_worthiness_is_between_zero_and_one(extract):
    ex = extract("Russia’s military intervention in Syria in 2015 cost 4 billion dollars.")
    assert all(0.0 <= c.check_worthiness <= 1.0 for c in ex.claims)


def test_question_detection_ignores_closing_quotes():
    assert is_question("He asked, “Why now?”")


def test_byline_is_boilerplate():
    assert is_boilerplate("By Jane Smith and John Doe")


def test_short_line_without_final_punctuation_is_a_heading():
    assert is_heading("Why Russia Cares About Iran", line_ends_here=True)


def test_sentence_with_final_punctuation_is_not_a_heading():
    assert not is_heading("Russia cares about Iran.", line_ends_here=True)
