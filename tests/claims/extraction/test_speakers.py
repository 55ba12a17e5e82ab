"""Speaker resolution inside one document: pronouns, canonical names, titles, descriptions."""


def test_she_skips_a_nearer_man_named_with_mr(extract):
    ex = extract(
        "Ms Zakharova spoke after Mr Peskov left the room. She said the sanctions would fail."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Zakharova"
    assert ex.of(claim.speaker_mention) == "She"


def test_he_skips_a_nearer_woman_named_with_ms(extract):
    ex = extract("Mr Lavrov met Ms Zakharova in Moscow. He said the talks had stalled.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Lavrov"


def test_gendered_role_noun_before_a_name_is_gender_evidence(extract):
    ex = extract(
        "Spokeswoman Maria Zakharova attended the meeting with Sergei Lavrov. "
        "She said the sanctions would fail."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Maria Zakharova"


def test_canonical_name_comes_from_a_mention_that_is_not_a_speaker(extract):
    ex = extract(
        "The meeting was hosted by Vladimir Putin in Moscow. "
        "Later, Putin said the deal would be signed in May."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Vladimir Putin"
    assert "Putin" in claim.speaker.aliases


def test_role_written_at_another_mention_becomes_the_description(extract):
    ex = extract(
        "Russian President Vladimir Putin met Chinese leaders on Tuesday. "
        "Putin said the talks were productive."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Vladimir Putin"
    assert claim.speaker.description == "Russian President"


def test_title_inside_the_name_moves_to_the_description(extract):
    ex = extract(
        "Spokeswoman Maria Zakharova attended the meeting. Zakharova said the sanctions would fail."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Maria Zakharova"
    assert claim.speaker.description == "Spokeswoman"


def test_role_with_its_of_phrase_becomes_the_description(extract):
    ex = extract("The head of NATO, Jens Stoltenberg, said allies would respond.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Jens Stoltenberg"
    assert claim.speaker.description == "head of NATO"


def test_a_surname_the_entity_model_missed_is_still_the_antecedent_of_she(extract):
    # "Lopez" alone is not recognised as a person here; her full name earlier is.
    ex = extract(
        'Council member Maria Lopez has championed the plan. "We cannot wait," said Lopez. '
        "The association's president, Tom Greene, warned that shops could close. "
        'Lopez dismissed those concerns. "That is simply not true," she said.'
    )
    last = ex.attributed()[-1]
    assert ex.of(last.content) == '"That is simply not true,"'
    assert last.speaker.name == "Maria Lopez"
    assert {c.speaker.name for c in ex.attributed()} == {"Maria Lopez", "Tom Greene"}


def test_the_agency_refers_back_to_the_organisation_named_before(extract):
    ex = extract(
        "The Food and Drug Administration said the affected lots were sold nationwide. "
        "Patients should keep taking the drug, the agency said."
    )
    first, second = ex.attributed()
    assert ex.of(second.speaker_mention) == "the agency"
    assert second.speaker.name == first.speaker.name == "Food and Drug Administration"


def test_the_ministry_prefers_an_organisation_whose_name_holds_the_word(extract):
    ex = extract(
        "The Ministry of Defence said the base had been hit twice. "
        "Reuters could not verify the report independently. "
        "The ministry later said that two soldiers had been wounded."
    )
    last = ex.attributed()[-1]
    assert ex.of(last.speaker_mention) == "The ministry"
    assert last.speaker.name == "Ministry of Defence"


def test_a_described_body_is_not_taken_for_one_named_before(extract):
    ex = extract(
        "The Food and Drug Administration said the lots were sold nationwide. "
        "A state health agency said it had found no cases."
    )
    last = ex.attributed()[-1]
    assert last.speaker.name != "Food and Drug Administration"


def test_a_speaker_mention_covers_the_whole_name_with_its_of_part(extract):
    ex = extract(
        "Delays would cost firms 300 million pounds a day, according to the Chamber of Commerce."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.speaker_mention) == "the Chamber of Commerce"
    assert claim.speaker.name == "Chamber of Commerce"


def test_her_office_is_named_after_the_person_it_belongs_to(extract):
    ex = extract(
        "Senator Joan Whitfield voted against the bill on Tuesday. "
        "Her office said she would publish a plan of her own. "
        "Mr Harlan criticised the vote. His aides said the senator had broken a promise."
    )
    office, aides = ex.attributed()
    assert ex.of(office.speaker_mention) == "Her office"
    assert (office.speaker.name, office.speaker.kind) == ("Joan Whitfield's office", "organisation")
    assert (aides.speaker.name, aides.speaker.kind) == ("Harlan's aides", "group")


def test_a_possessive_with_nobody_to_refer_to_keeps_its_words(extract):
    ex = extract("Her office said the senator would publish a plan of her own.")
    (claim,) = ex.attributed()
    assert claim.speaker.name == "Her office"


def test_a_name_with_an_age_is_a_person_even_when_the_entity_model_misses_it(extract):
    ex = extract(
        "The governor, Mark Ellison, said he had asked for federal help. "
        "Residents described a chaotic escape. Ana Torres, 34, said she had only minutes to "
        'gather her children and leave. "The sky turned black," she said.'
    )
    torres, quote = ex.attributed()[-2:]
    assert (torres.speaker.name, torres.speaker.kind) == ("Ana Torres", "person")
    assert quote.speaker.name == "Ana Torres"


def test_the_watchdog_is_not_the_company_named_just_before_it(extract):
    ex = extract(
        "The Information Commissioner's Office said the firm had ignored warnings. "
        "Nexora, which is based in Manchester, said it would appeal. "
        "The watchdog said it could impose further penalties."
    )
    last = ex.attributed()[-1]
    assert ex.of(last.speaker_mention) == "The watchdog"
    assert last.speaker.name == "Information Commissioner's Office"


def test_the_airline_is_the_company_named_before_it(extract):
    ex = extract(
        "SkyWest Airways chief executive Paul Redmond apologised on Monday. "
        "In a statement, the airline said a faulty update had caused the problem."
    )
    (claim,) = ex.attributed()
    assert claim.speaker.name == "SkyWest Airways"


def test_it_can_refer_back_to_a_body_named_by_a_common_noun(extract):
    ex = extract(
        "Tesco, the largest chain, reported a margin of 2.5 percent last year. "
        "But the government has ruled out price caps, which it says would lead to empty shelves."
    )
    (claim,) = ex.attributed()
    assert (ex.of(claim.speaker_mention), claim.speaker.name) == ("it", "government")


def test_its_finance_chief_is_named_after_the_company(extract):
    ex = extract(
        "Tesco reported a profit of 2 billion pounds. Its finance chief said prices would fall."
    )
    (claim,) = ex.attributed()
    assert (claim.speaker.name, claim.speaker.kind) == ("Tesco's finance chief", "person")


def test_a_common_given_name_is_gender_evidence(extract):
    ex = extract(
        "Mark Ellison said the fire was contained. Laura Mendes said crews were exhausted. "
        "He added that more help was needed."
    )
    last = ex.attributed()[-1]
    assert (ex.of(last.speaker_mention), last.speaker.name) == ("He", "Mark Ellison")


def test_a_dateline_is_not_part_of_the_speaker_mention(extract):
    ex = extract(
        "MOSCOW - Kremlin spokesman Dmitry Peskov said on Monday that Russia would only agree "
        "to a ceasefire if Western countries stopped sending weapons."
    )
    (claim,) = ex.attributed()
    assert ex.of(claim.speaker_mention) == "Kremlin spokesman Dmitry Peskov"


def test_a_hyphenated_given_name_stays_in_the_mention(extract):
    (claim,) = extract("Jean-Pierre Raffarin said the deal was fair.").attributed()
    assert extract("Jean-Pierre Raffarin said the deal was fair.").of(claim.speaker_mention) == (
        "Jean-Pierre Raffarin"
    )


def test_a_given_name_left_out_of_the_entity_stays_in_the_name(extract):
    ex = extract(
        "Chief executive Anders Holm told analysts that the restructuring would save $2 billion "
        'a year by 2027. "These are difficult decisions, but they are necessary," he said.'
    )
    assert {c.speaker.name for c in ex.attributed()} == {"Anders Holm"}


def test_an_acronym_and_the_full_name_are_one_organisation(extract):
    ex = extract(
        "The FDA said the drug was safe. "
        "The Food and Drug Administration also said that trials would continue."
    )
    first, second = ex.attributed()
    assert first.speaker.name == second.speaker.name == "Food and Drug Administration"
    assert "FDA" in first.speaker.aliases


def test_a_description_drops_its_possessive_pronoun(extract):
    ex = extract(
        "Nexora said it would appeal. Its chief executive, Daniel Brooks, told the BBC that the "
        "fine was unfair."
    )
    brooks = ex.attributed()[-1].speaker
    assert (brooks.name, brooks.description) == ("Daniel Brooks", "chief executive")
