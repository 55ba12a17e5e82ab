"""Attribution frames beyond the plain "X said that Y": parser slips, inversions, edges."""


def test_according_to_at_the_end_takes_the_whole_clause_before_it(extract):
    ex = extract(
        "For example, the city museum at the university drew 12,000 visitors when it showed "
        "the collection in 2019, according to curator Ellen Marsh."
    )
    claim = ex.containing("drew 12,000 visitors")
    assert ex.of(claim.content).startswith("For example, the city museum")
    assert ex.of(claim.content).endswith("in 2019")
    assert claim.speaker.name == "Ellen Marsh"


def test_according_to_at_the_start_takes_the_rest_of_the_sentence(extract):
    ex = extract("According to the ministry, 40 schools were closed on Monday.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "40 schools were closed on Monday"


def test_that_after_a_clause_internal_if_is_still_a_that_clause(extract):
    ex = extract("The survey states that few if any bakeries use iodised salt in their bread.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "that few if any bakeries use iodised salt in their bread"


def test_an_if_clause_after_warned_is_a_condition_not_a_question(extract):
    ex = extract("The minister warned if the strike continued, the schools would close.")
    (claim,) = ex.attributed()
    assert "the schools would close" in ex.of(claim.content)


def test_whether_after_a_cue_is_an_indirect_question_and_no_claim(extract):
    ex = extract("The mayor did not say whether the bridge would reopen.")
    assert ex.attributed() == []


def test_as_clause_with_a_speech_verb_attributes_the_main_clause(extract):
    ex = extract("As Heald told the newspaper, surface ozone has dropped since the law passed.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "surface ozone has dropped since the law passed"
    assert claim.speaker.name == "Heald"


def test_perception_verb_with_a_bare_infinitive_is_not_a_claim(extract):
    ex = extract("The museum saw attendance reach 11,000 visitors last year.")
    assert ex.attributed() == []


def test_figures_show_with_a_misparsed_subject_keeps_the_whole_finding(extract):
    ex = extract(
        "Figures to be published today show a record 30,000 migrants crossing the sea last "
        "year drove pending asylum claims over 100,000."
    )
    claim = ex.containing("drove pending asylum claims")
    assert ex.of(claim.content).startswith("a record 30,000 migrants")


def test_second_clause_coordinated_with_a_that_clause_belongs_to_the_claim(extract):
    ex = extract(
        "Mira Holt also claims that her passport was taken from her and she was forced to "
        "work in the kitchen."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content).endswith("she was forced to work in the kitchen")


def test_coordinated_second_cue_starts_its_own_claim(extract):
    ex = extract("They claimed the driver was a volunteer and insisted he was paid nothing.")
    contents = sorted(ex.of(c.content) for c in ex.attributed())
    assert "the driver was a volunteer" in contents


def test_cue_after_a_quote_with_inverted_name_is_attributed_to_the_name(extract):
    ex = extract(
        "“Troops were sent to the border to stop the broadcasts if the enemy does not halt "
        "them within 48 hours”, added KCNA."
    )
    (claim,) = ex.attributed()
    assert claim.kind == "direct"
    assert claim.speaker.name == "KCNA"


def test_quote_followed_by_a_dash_and_a_name_is_attributed_to_the_name(extract):
    ex = extract(
        "“So far, it's the fans: 1, the league: 0. But it's a long game.” — Matthew Ingram"
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Matthew Ingram"


def test_estimate_with_a_fronted_adverbial_keeps_the_reported_clause(extract):
    ex = extract(
        "They estimated by 2040, rising population would increase water needs by 30 percent."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content).endswith("would increase water needs by 30 percent")


def test_coordinated_second_cue_keeps_the_first_cue_subject(extract):
    ex = extract("They claimed the driver was a volunteer and claim he was paid nothing.")
    second = ex.containing("he was paid nothing")
    assert ex.of(second.speaker_mention) == "They"
    first = ex.containing("the driver was a volunteer")
    assert "paid nothing" not in ex.of(first.content)


def test_as_far_as_i_can_tell_is_a_hedge_not_a_source(extract):
    ex = extract("As far as I can tell, the site features free content.")
    assert ex.attributed() == []


def test_demonstrative_that_after_a_cue_is_not_a_clause(extract):
    ex = extract("She was always too shy to show that off to people at school.")
    assert ex.attributed() == []


def test_finding_whose_subject_the_parser_took_for_an_object_is_reported(extract):
    ex = extract(
        "The researchers found loss of wheat yields by 2040 exceeded 8% of 2010 levels in "
        "all regions studied."
    )
    claim = ex.containing("exceeded 8%")
    assert ex.of(claim.content).startswith("loss of wheat yields")


def test_possessor_of_a_reporting_noun_is_the_speaker_of_its_that_clause(extract):
    ex = extract("Russia's claim that the troops had left was false, officials said.")
    claim = ex.containing("the troops had left")
    inner = [c for c in ex.attributed() if ex.of(c.content) == "that the troops had left"]
    assert inner, [ex.of(c.content) for c in ex.attributed()]
    assert inner[0].speaker.name == "Russia"
    assert claim is not None


def test_stance_inside_an_attributed_quote_is_a_claim_of_the_quoted_speaker(extract):
    ex = extract(
        "“I think his photographs are as influential as his paintings,” said Hilary Brown, "
        "a professor of art history."
    )
    nested = ex.containing("his photographs are as influential")
    inner = [c for c in ex.attributed() if c.kind == "indirect"]
    assert inner and inner[0].speaker.name == "Hilary Brown"
    assert ex.of(inner[0].cue) == "think"
    assert nested.speaker.name == "Hilary Brown"


def test_a_cue_covering_the_whole_quote_adds_no_nested_claim(extract):
    ex = extract("“I think so,” said Hilary Brown.")
    assert len(ex.attributed()) == 1


def test_modal_verb_phrase_coordinated_in_the_complement_stays_in_the_claim(extract):
    ex = extract(
        "The army stated it would destroy the speakers and would respond within 48 hours if "
        "the broadcasts continued."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content).endswith("if the broadcasts continued")


def test_third_person_report_inside_a_quote_is_not_split_out(extract):
    ex = extract(
        "“We all know the boy who eats a whole loaf, and the doctors know that such boys get "
        "too much,” Ms Bauer said."
    )
    assert len(ex.attributed()) == 1


def test_according_to_a_statement_from_a_body_names_the_body(extract):
    ex = extract("The ceasefire is holding, according to a statement from the Defence Ministry.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Defence Ministry"
    assert ex.of(claim.content) == "The ceasefire is holding"


def test_mid_clause_according_to_keeps_the_whole_clause(extract):
    ex = extract(
        "The deal, according to two officials familiar with the talks, will be signed on Friday."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content).startswith("The deal")
    assert ex.of(claim.content).endswith("will be signed on Friday")


def test_as_reported_by_attributes_the_main_clause_to_the_agent(extract):
    ex = extract("As reported by Reuters, the bank lost 2 billion dollars in 2022.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Reuters"
    assert ex.of(claim.content) == "the bank lost 2 billion dollars in 2022"


def test_warned_of_reports_the_object_of_the_preposition(extract):
    ex = extract("The UN warned of a famine in the region.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "a famine in the region"
    assert claim.speaker.name == "UN"


def test_with_x_saying_starts_a_second_report(extract):
    ex = extract(
        "Officials told the BBC every application will be assessed fairly, with the Times "
        "reporting that no one will be refused."
    )
    first = ex.containing("every application will be assessed fairly")
    assert ex.of(first.content) == "every application will be assessed fairly"
    second = ex.containing("no one will be refused")
    assert second.speaker.name == "Times"


def test_a_wish_inside_a_quote_is_not_split_out(extract):
    ex = extract("“We are quite tolerant and expect everyone to be tolerant of us,” he said.")
    assert len(ex.attributed()) == 1
