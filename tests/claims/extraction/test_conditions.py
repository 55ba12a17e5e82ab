"""Conditions bounding claims, one behaviour per test."""


def test_if_clause_is_a_conditional_on_the_claim(extract):
    ex = extract("The union said workers would strike if wages were not raised.")
    claim = ex.containing("workers would strike")
    assert ("conditional", "if wages were not raised") in ex.conditions(claim)


def test_should_inversion_is_a_conditional(extract):
    ex = extract("The general said the army would respond at once should the border be crossed.")
    claim = ex.attributed()[0]
    assert ("conditional", "should the border be crossed") in ex.conditions(claim)


def test_only_restricting_the_verb_makes_an_only_if(extract):
    ex = extract("The minister said Greece would only sign the deal if the debt was cut.")
    claim = ex.attributed()[0]
    assert ("only_if", "if the debt was cut") in ex.conditions(claim)


def test_as_long_as_is_an_only_if(extract):
    ex = extract("The bank said rates would stay at 2% as long as inflation remained low.")
    claim = ex.attributed()[0]
    assert ("only_if", "as long as inflation remained low") in ex.conditions(claim)


def test_unless_clause_is_an_unless(extract):
    ex = extract("The workers said they would not return unless the managers resigned.")
    claim = ex.attributed()[0]
    assert ("unless", "unless the managers resigned") in ex.conditions(claim)


def test_within_a_period_is_temporal(extract):
    ex = extract("The president said a decision would be made within two weeks.")
    claim = ex.attributed()[0]
    assert ("temporal", "within two weeks") in ex.conditions(claim)


def test_by_a_date_is_temporal(extract):
    ex = extract("The government said the plant would close by the end of June.")
    claim = ex.attributed()[0]
    assert ("temporal", "by the end of June") in ex.conditions(claim)


def test_negated_copula_is_a_negation_condition(extract):
    ex = extract("The minister clarified that the agreement is not a military alliance.")
    claim = ex.attributed()[0]
    assert ("negation", "not a military alliance") in ex.conditions(claim)


def test_negated_event_is_not_a_negation_condition(extract):
    ex = extract("The minister said that the army has not sent troops to the border.")
    claim = ex.attributed()[0]
    assert all(kind != "negation" for kind, _ in ex.conditions(claim))


def test_if_after_ask_is_an_indirect_question_not_a_condition(extract):
    ex = extract("The senator said reporters asked if the bill would pass in 2024.")
    assert all(kind != "conditional" for c in ex.claims for kind, _ in ex.conditions(c))


def test_condition_in_the_question_belongs_to_the_answer(extract):
    ex = extract(
        "Asked what would happen if the talks failed, the envoy warned that fighting would resume."
    )
    claim = ex.containing("fighting would resume")
    assert ("conditional", "if the talks failed") in ex.conditions(claim)


def test_conditions_apply_to_assertions(extract):
    ex = extract("If the strike continues, 50 buses will be brought in from the main depots.")
    (claim,) = ex.claims
    assert claim.kind == "assertion"
    assert ("conditional", "If the strike continues") in ex.conditions(claim)


def test_condition_spans_lie_within_the_claim_sentences(extract):
    ex = extract(
        "The union said workers would strike if wages were not raised. Talks resume on Monday."
    )
    for claim in ex.claims:
        for cond in claim.conditions:
            starts = [i for i in claim.sentence_indices]
            assert starts
            assert ex.of(cond.span) in ex.text


def test_provided_without_a_comma_opens_a_condition_over_a_clause(extract):
    ex = extract(
        "The union said it would call off the strike provided the company raised wages by "
        "6 percent."
    )
    (claim,) = ex.attributed()
    assert [(c.kind, ex.of(c.span)) for c in claim.conditions] == [
        ("only_if", "provided the company raised wages by 6 percent")
    ]


def test_provided_as_a_verb_is_no_condition(extract):
    ex = extract("Officials said the agency had provided the families with food and water.")
    (claim,) = ex.attributed()
    assert claim.conditions == ()


def test_no_later_than_is_a_deadline(extract):
    ex = extract("Officials said the bridge would reopen no later than Friday.")
    (claim,) = ex.attributed()
    assert [(c.kind, ex.of(c.span)) for c in claim.conditions] == [
        ("temporal", "no later than Friday")
    ]
