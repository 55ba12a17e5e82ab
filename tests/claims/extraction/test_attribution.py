"""Attributed claims, one behaviour per test, on short news-like texts."""

import pytest


def test_indirect_speech_with_that_is_attributed_to_the_subject(extract):
    ex = extract("The minister said that the budget would rise by 4% next year.")
    (claim,) = ex.attributed()
    assert claim.kind == "indirect"
    assert ex.of(claim.content) == "that the budget would rise by 4% next year"
    assert claim.speaker.name == "minister"
    assert ex.of(claim.cue) == "said"


def test_direct_quote_with_cue_after_it_keeps_the_quote_marks(extract):
    ex = extract("“We will not back down,” said Jane Doe, the union leader.")
    (claim,) = ex.attributed()
    assert claim.kind == "direct"
    assert ex.of(claim.content) == "“We will not back down,”"
    assert claim.speaker.name == "Jane Doe"


def test_apposition_becomes_the_speaker_description(extract):
    ex = extract("Jeff Rathke, the State Department spokesperson, said the talks had failed.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Jeff Rathke"
    assert "State Department" in claim.speaker.description


def test_quote_without_cue_continues_the_previous_speaker(extract):
    ex = extract(
        "“Prices will fall,” said Anna Berg, an economist at the bank. "
        "“We expect a drop of two percent next quarter.”"
    )
    claim = ex.containing("We expect a drop")
    assert claim.kind == "direct"
    assert claim.speaker.name == "Anna Berg"
    assert claim.cue is None


def test_pronoun_speaker_resolves_to_the_nearest_person(extract):
    ex = extract(
        "Oil minister Ali Hassan spoke in Vienna on Monday. "
        "He said output would be cut by 500,000 barrels a day."
    )
    claim = ex.containing("output would be cut")
    assert claim.speaker.name == "Ali Hassan"
    assert ex.of(claim.speaker_mention) == "He"


def test_short_form_resolves_to_the_full_name(extract):
    ex = extract(
        "Government spokesman Peter Lund denied the report. "
        "Mr Lund said the army had not crossed the border."
    )
    claim = ex.containing("the army had not crossed")
    assert claim.speaker.name == "Peter Lund"
    assert "Mr Lund" in claim.speaker.aliases


def test_according_to_attributes_the_clause_to_its_object(extract):
    ex = extract("The factory employs 3,000 people, according to the company.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "The factory employs 3,000 people"
    assert claim.speaker.name == "company"
    assert ex.of(claim.cue) == "according to"


def test_quoted_fragment_inside_reported_speech_is_mixed(extract):
    ex = extract("The mayor said the plan was “a disaster for the city”.")
    (claim,) = ex.attributed()
    assert claim.kind == "mixed"
    assert ex.of(claim.content) == "the plan was “a disaster for the city”"


def test_stance_adjective_is_a_claim(extract):
    ex = extract("France is concerned that the ceasefire could collapse within days.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "France"
    assert claim.speaker.kind == "country"
    assert ex.of(claim.content) == "that the ceasefire could collapse within days"


def test_belief_verb_is_a_claim(extract):
    ex = extract("Analysts fear that inflation will climb above 10 percent.")
    (claim,) = ex.attributed()
    assert ex.of(claim.cue) == "fear"
    assert claim.speaker.kind == "group"


def test_stance_noun_with_have_is_a_claim(extract):
    ex = extract("I have no doubt that the vote was rigged.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "that the vote was rigged"


def test_dismissed_suggestions_that_reports_the_suggestion(extract):
    ex = extract("The ministry dismissed suggestions that the minister would resign.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "that the minister would resign"


def test_negated_reporting_verb_is_not_a_claim(extract):
    ex = extract("The minister did not say that taxes would rise.")
    assert ex.attributed() == []


def test_indirect_question_is_not_a_claim(extract):
    ex = extract("Reporters asked whether the minister would resign.")
    assert ex.attributed() == []


def test_organisation_speaker_has_organisation_kind(extract):
    ex = extract("Microsoft said it would cut 10,000 jobs by March.")
    (claim,) = ex.attributed()
    assert claim.speaker.kind == "organisation"


def test_every_attributed_claim_has_a_speaker(extract):
    ex = extract(
        "“It is over,” he said. The company announced that profits fell. "
        "According to police, two people were hurt."
    )
    assert ex.attributed()
    assert all(c.speaker is not None for c in ex.attributed())


def test_writers_aside_after_a_dash_is_not_part_of_the_claim(extract):
    ex = extract(
        "The envoy said Russia would sign if sanctions were lifted — a demand that Brussels "
        "has rejected."
    )
    claim = ex.attributed()[0]
    assert "Brussels" not in ex.of(claim.content)


def test_quote_framed_by_a_manner_verb_is_attributed(extract):
    ex = extract("“We have nothing left to lose,” shouted Maria Lopez, a striking nurse.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Maria Lopez"


def test_name_calling_without_quotes_is_not_a_claim(extract):
    ex = extract("His friends called him The Birdman.")
    assert ex.attributed() == []


def test_role_noun_refers_back_to_the_person_introduced_with_it(extract):
    ex = extract(
        "Kremlin spokesman Dmitry Peskov spoke on Monday. "
        "The spokesman said talks would resume in May."
    )
    claim = ex.containing("talks would resume")
    assert claim.speaker.name == "Dmitry Peskov"
    assert claim.speaker.description == "Kremlin spokesman"


def test_they_resolves_to_a_plural_subject_noun(extract):
    ex = extract("Protesters gathered in the capital. They said the election had been stolen.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Protesters"
    assert ex.of(claim.speaker_mention) == "They"


def test_a_relative_clause_reports_what_follows_the_cue_not_the_main_clause(extract):
    # "a deal analysts said would ..." is parsed with "said" over the main clause too.
    ex = extract(
        "The board approved the merger on Monday, a deal analysts said would raise prices "
        "for millions of consumers."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "would raise prices for millions of consumers"
    assert ex.of(claim.speaker_mention) == "analysts"
    assert claim.speaker.name == "analysts"


def test_role_words_before_the_speaker_are_not_part_of_the_quotation(extract):
    # The parser hangs "lead author" on the quotation here (as a verb and its object).
    ex = extract(
        "The researchers, who followed 110,000 adults for a decade, said the link held even "
        'after accounting for smoking and exercise. "It\'s not just about calories," '
        "lead author Dr. Elena Rossi told The Guardian."
    )
    last = ex.attributed()[-1]
    assert ex.of(last.content) == '"It\'s not just about calories,"'
    assert (last.kind, last.speaker.name) == ("direct", "Elena Rossi")


def test_when_it_was_said_is_not_part_of_what_was_said(extract):
    ex = extract("The pilots' union said on Monday it would strike unless pay rose.")
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "it would strike unless pay rose"


def test_a_long_phrase_before_the_subject_stays_in_the_content(extract):
    ex = extract(
        "I think by using letters from the wife and a diary kept by the husband, I show two "
        "views of one marriage."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content).startswith("by using letters")


def test_quoted_as_saying_names_who_is_quoted_not_who_quotes(extract):
    ex = extract(
        "The finance minister, Anna Berg, defended the budget. She was quoted by the BBC as "
        "saying that any further increase would have to be funded by tax rises."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == (
        "that any further increase would have to be funded by tax rises"
    )
    assert (ex.of(claim.speaker_mention), claim.speaker.name) == ("She", "Anna Berg")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The new bridge, he said, would cost $5 billion.", "he"),
        ("The economy, the minister warned, is likely to shrink next year.", "minister"),
        ("Institutional recipients, said Mauer, are required to show the photographs.", "Mauer"),
    ],
)
def test_a_cue_set_into_the_clause_reports_the_whole_clause(extract, text, speaker):
    ex = extract(text)
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == text.rstrip(".")
    assert claim.speaker.name == speaker
    assert claim.kind == "indirect"


@pytest.mark.parametrize(
    "text",
    [
        "The deal is, you know, offensive beyond anything the public should tolerate.",
        "A bunch of them had called and they said, \u201cWow.\u201d",
    ],
)
def test_turns_of_speech_and_quotations_are_not_cues_set_into_a_clause(extract, text):
    ex = extract(text)
    assert all(ex.of(c.content) != text.rstrip(".") for c in ex.attributed())


def test_a_stance_parsed_as_a_passive_is_held_by_its_subject(extract):
    ex = extract(
        "Regional farming associations are concerned the Government will modify the rules."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "the Government will modify the rules"
    assert claim.speaker.name == "Regional farming associations"


def test_a_reported_clause_with_a_gerund_subject_is_reported(extract):
    ex = extract(
        "Carsten Brzeski, an economist at ING, said waiting until June risked doing "
        "unnecessary damage to an already weak economy."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content).startswith("waiting until June risked")
    assert claim.speaker.name == "Carsten Brzeski"
    assert [ex.of(c.span) for c in claim.conditions] == ["until June"]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Inflation fell in March, according to figures published by Eurostat.", "Eurostat"),
        ("Unemployment rose, according to data from the Labor Department.", "Labor Department"),
    ],
)
def test_figures_and_data_are_attributed_to_who_published_them(extract, text, source):
    (claim,) = extract(text).attributed()
    assert claim.speaker.name == source


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "His lawyer, Victor Ames, said after the verdict that his client would appeal.",
            "that his client would appeal",
        ),
        (
            "Prosecutors told jurors during the three-week trial that Hale had used a network "
            "of shell companies to hide the payments.",
            "that Hale had used a network of shell companies to hide the payments",
        ),
    ],
)
def test_a_that_clause_after_a_phrase_of_occasion_is_what_was_said(extract, text, content):
    (claim,) = extract(text).attributed()
    assert extract(text).of(claim.content) == content


def test_a_relative_clause_on_the_object_is_not_what_was_said(extract):
    assert extract("He told the story that his father had written.").attributed() == []


def test_an_event_seen_or_undergone_is_not_a_stance(extract):
    ex = extract(
        "The city museum saw visitor numbers reach 20,000 last summer, according to its "
        "director Anna Hill."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Anna Hill"
    assert ex.of(claim.content) == "The city museum saw visitor numbers reach 20,000 last summer"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The senator accused the administration of misleading the public about the costs.",
            "accused",
            "the administration of misleading the public about the costs",
        ),
        (
            "Officials blamed the outage on a faulty software update.",
            "blamed",
            "the outage on a faulty software update",
        ),
    ],
)
def test_an_accusation_is_a_claim_of_its_accuser(extract, text, cue, content):
    ex = extract(text)
    (claim,) = ex.attributed()
    assert (ex.of(claim.cue), ex.of(claim.content)) == (cue, content)


def test_a_denied_accusation_is_not_one(extract):
    assert extract("He did not accuse anyone of wrongdoing.").attributed() == []


def test_a_cue_after_the_clause_reports_what_comes_before_it(extract):
    text = (
        "Manchester United have sacked manager Erik Lindqvist following Saturday's 3-0 defeat "
        "to Brighton, the club announced on Monday."
    )
    ex = extract(text)
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == text.split(", the club")[0]
    assert ex.of(claim.cue) == "announced"


def test_a_cue_inside_brackets_reports_only_the_bracketed_words(extract):
    ex = extract(
        'The probe visited a comet called Wild 2 (pronounced "Vilt-two" \u2014 the discoverer '
        "was German, I believe)."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.content) == "the discoverer was German"


def test_who_saw_a_document_is_not_who_issued_it(extract):
    ex = extract(
        'A leaked letter seen by Sky News says "failure to reply may result in the claim '
        'being withdrawn", but officials will send a reminder.'
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name != "Sky News"


@pytest.mark.parametrize(
    "text",
    [
        "The minister refused to say when the report would be published.",
        "The company declined to confirm that the plant would close.",
    ],
)
def test_what_someone_refused_to_say_is_not_their_claim(extract, text):
    assert extract(text).attributed() == []


def test_an_estimate_put_at_a_figure_is_a_claim(extract):
    ex = extract(
        "Organisers put the number of marchers at 200,000, while the interior ministry said "
        "85,000 people had taken part."
    )
    first, second = ex.attributed()
    assert (first.speaker.name, ex.of(first.content)) == (
        "Organisers",
        "the number of marchers at 200,000",
    )
    assert second.speaker.name == "interior ministry"
    assert extract("The council put the plan on hold.").attributed() == []


def test_reported_as_saying_names_who_said_it(extract):
    ex = extract("The foreign minister was reported as saying that talks would resume next month.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "foreign minister"
    assert ex.of(claim.content) == "that talks would resume next month"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            '"We expect growth to pick up next year," said finance minister John Smith.\n\n'
            'Opposition leader Mary Jones disagreed. "These forecasts are pure fantasy."',
            "Mary Jones",
        ),
        (
            'Dr Amy Chen, who led the study, was cautious. "We need more data before drawing '
            'conclusions."',
            "Amy Chen",
        ),
        ('The mayor was defiant: "We will rebuild."', "mayor"),
    ],
)
def test_a_sentence_can_set_up_the_speaker_of_the_quotation_after_it(extract, text, speaker):
    ex = extract(text)
    last = ex.attributed()[-1]
    assert (last.kind, last.cue, last.speaker.name) == ("direct", None, speaker)


def test_a_sentence_about_something_else_does_not_take_the_quotation(extract):
    ex = extract(
        '"We expect growth to pick up," said finance minister John Smith. '
        'Shares rose on the news. "Markets agree with us."'
    )
    assert ex.attributed()[-1].speaker.name == "John Smith"
