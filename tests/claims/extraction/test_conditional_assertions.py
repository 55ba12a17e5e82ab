"""Conditions in the article's own voice and condition boundaries."""


def test_a_threat_under_a_condition_becomes_an_assertion_carrying_it(extract):
    ex = extract("If the council does not act, the protests will continue.")
    (claim,) = ex.claims
    assert claim.kind == "assertion"
    assert ("conditional", "If the council does not act") in ex.conditions(claim)


def test_unless_on_a_coordinated_consequence_becomes_an_assertion(extract):
    ex = extract(
        "This kind of violence solves nothing and can only lead to disaster unless the police "
        "act in time."
    )
    (claim,) = ex.claims
    assert ("unless", "unless the police act in time") in ex.conditions(claim)


def test_in_case_clause_spans_the_whole_condition(extract):
    ex = extract(
        "In case the ministry does not change its stand, the union will extend the strike."
    )
    (claim,) = ex.claims
    assert ("conditional", "In case the ministry does not change its stand") in ex.conditions(claim)


def test_advice_to_the_reader_under_a_condition_is_not_a_claim(extract):
    ex = extract("If you really want to avoid the crowds, avoid the weekends.")
    assert ex.claims == []


def test_generic_you_consequence_is_not_a_claim(extract):
    ex = extract("If you study physics then you should describe the real world.")
    assert ex.claims == []


def test_if_clause_without_a_comma_stops_before_the_consequence(extract):
    ex = extract("Rao said if the exam was not postponed care would be taken to protect students.")
    claim = ex.attributed()[0]
    assert ("conditional", "if the exam was not postponed") in ex.conditions(claim)


def test_then_starts_the_consequence(extract):
    ex = extract(
        "The coach said that if the striker is injured again, then the club will sign a "
        "replacement in January."
    )
    claim = ex.attributed()[0]
    assert ("conditional", "if the striker is injured again") in ex.conditions(claim)


def test_provided_as_a_participle_is_not_a_condition(extract):
    ex = extract(
        "Saudi officials had already provided safeguards by installing 60 cameras in 2015."
    )
    assert all(c.kind != "only_if" for claim in ex.claims for c in claim.conditions)


def test_provided_after_a_comma_before_a_clause_is_an_only_if(extract):
    ex = extract("The bank said it would lend 40 million euros, provided the state guarantees it.")
    claim = ex.attributed()[0]
    kinds = [kind for kind, _ in ex.conditions(claim)]
    assert "only_if" in kinds


def test_few_if_any_is_not_a_condition(extract):
    ex = extract("The survey states that few if any bakeries use iodised salt in their bread.")
    claim = ex.attributed()[0]
    assert ex.conditions(claim) == []


def test_once_marks_a_time_not_a_condition(extract):
    ex = extract("The minister said sanctions would be lifted once the prisoners were released.")
    claim = ex.attributed()[0]
    assert ("temporal", "once the prisoners were released") in ex.conditions(claim)
