"""English extraction: names, resolutions, sessions and the eight relations from English cues."""
from __future__ import annotations

import pytest

from tests.conftest import mentioned, triples

HABITAT = "United Nations Human Settlements Programme"
UNEP = "United Nations Environment Programme"
UNDP = "United Nations Development Programme"
UNICEF = "United Nations Children's Fund"
WHO = "World Health Organization"
MINUSMA = "United Nations Multidimensional Integrated Stabilization Mission in Mali"


def relations(extract, text: str, predicate: str) -> set[tuple[str, str]]:
    return {(s, o) for s, p, o in triples(extract(text, lang="en")) if p == predicate}


@pytest.mark.parametrize("text", [
    "UN-Habitat, in cooperation with UNEP, launched the programme.",
    "In cooperation with UNEP, UN-Habitat launched the programme.",
    "UN-Habitat worked closely with the United Nations Environment Programme.",
    "UN-Habitat and UNEP signed a memorandum of understanding in 2009.",
    "UN-Habitat and UNEP reached an agreement on the plan.",
    "The memorandum of understanding between UN-Habitat and UNEP was renewed.",
])
def test_partners_with_from_english_cues(extract, text):
    found = {frozenset(pair) for pair in relations(extract, text, "partners-with")}
    assert found == {frozenset((HABITAT, UNEP))}


@pytest.mark.parametrize("text", [
    "UN-Habitat published a report that mentions UNEP.",
    "UNEP criticized UN-Habitat.",
])
def test_no_partnership_without_a_cue(extract, text):
    assert not relations(extract, text, "partners-with")


def test_a_coordinated_list_closed_by_and_expands_to_every_member(extract):
    text = "In collaboration with UNDP, UNICEF and the World Health Organization, the Government of Kenya developed a plan."
    found = relations(extract, text, "partners-with")
    assert {frozenset(pair) for pair in found} == {frozenset(("Government of Kenya", x)) for x in (UNDP, UNICEF, WHO)}


def test_a_comma_without_and_ends_the_list(extract):
    text = "With the support of the Bill & Melinda Gates Foundation, UN-Habitat implemented the Global Land Tool Network."
    supports = relations(extract, text, "supports")
    assert ("Bill & Melinda Gates Foundation", HABITAT) in supports
    assert (HABITAT, "Global Land Tool Network") in supports
    assert ("Bill & Melinda Gates Foundation", "Global Land Tool Network") not in supports


def test_passive_support_reverses_the_roles(extract):
    found = relations(extract, "The Global Land Tool Network is funded by the Government of Norway.", "supports")
    assert found == {("Government of Norway", "Global Land Tool Network")}


def test_active_support_is_not_read_from_a_passive(extract):
    found = relations(extract, "UNEP is supported by UNDP.", "supports")
    assert found == {(UNDP, UNEP)}


def test_a_country_that_acts_stands_for_its_government(extract):
    found = relations(extract, "Norway calls upon the Security Council to act.", "requests")
    assert ("Government of Norway", "United Nations Security Council") in found


def test_resolutions_take_their_issuing_body_and_year(extract):
    graph = extract("Security Council resolution 1244 (1999) and resolution 2206 (2015) were adopted.", lang="en")
    labels = {label for m in graph.mentions if m.entity.type == "Resolution" for label in m.entity.all_labels()}
    assert "United Nations Security Council resolution 1244 (1999)" in labels
    # a resolution cited with its year and no body is the Security Council's
    assert any(m.entity.iri.endswith("resolution/Security-Council-2206") for m in graph.mentions)
    assert ("United Nations Security Council", "United Nations Security Council resolution 1244 (1999)") in \
        relations(extract, "Security Council resolution 1244 (1999) is cited.", "adopts")


def test_the_body_of_its_resolution_is_found_across_in_its(extract):
    text = "The General Assembly, in its resolution 68/1, requested the Secretary-General to report."
    assert relations(extract, text, "requests") == {("United Nations General Assembly",
                                                     "Secretary-General of the United Nations")}
    assert relations(extract, text, "adopts") == {("United Nations General Assembly",
                                                   "United Nations General Assembly resolution 68/1")}


def test_sessions_and_places(extract):
    graph = extract("The fourth session of the World Urban Forum was held in Nanjing in November 2008.", lang="en")
    (meeting,) = {m.entity for m in graph.mentions if m.mention.kind == "session"}
    assert meeting.iri.endswith("-session-4")
    assert (meeting.label("en"), "held-in", "Nanjing") in triples(graph)


def test_member_publishes_adopts_and_concerns(extract):
    text = ("UN-Habitat is a member of the Inter-Agency Standing Committee. UNEP published the Global Environment "
            "Outlook in 2012. The UN-Habitat Governing Council adopted resolution 22/3 on cities and climate change.")
    found = triples(extract(text, lang="en"))
    assert (HABITAT, "member-of", "Inter-Agency Standing Committee") in found
    assert (UNEP, "publishes", "Global Environment Outlook") in found
    assert any(p == "adopts" and o.endswith("resolution 22/3") for s, p, o in found)
    assert any(p == "concerns" and o == "cities and climate change" for s, p, o in found)


def test_names_the_gazetteer_lacks_are_found_by_shape_and_split_at_and(extract):
    graph = extract("The Ministry of Foreign Affairs of Azerbaijan and the Asian Development Bank signed an agreement.",
                    lang="en")
    assert {"Ministry of Foreign Affairs of Azerbaijan", "Asian Development Bank"} <= mentioned(graph)
    assert ("Ministry of Foreign Affairs of Azerbaijan", "partners-with", "Asian Development Bank") in triples(graph)


def test_an_alias_the_text_defines_names_the_same_entity(extract):
    graph = extract("The Zambezi Water Partnership Alliance (ZWPA) met. Later ZWPA cooperated with UNEP.", lang="en")
    names = {m.mention.text: m.entity.iri for m in graph.mentions}
    assert names["ZWPA"] == names["Zambezi Water Partnership Alliance"]
    assert {frozenset(p) for p in relations(extract, "The Zambezi Water Partnership Alliance (ZWPA) met. Later ZWPA "
                                                      "cooperated with UNEP.", "partners-with")} \
        == {frozenset(("Zambezi Water Partnership Alliance", UNEP))}


def test_abbreviations_do_not_end_a_sentence(extract):
    graph = extract("The U.S. Agency for International Development funded the Cities Alliance.", lang="en")
    assert len(graph.document.paragraphs[0].sentences) == 1


def test_same_entity_iris_in_both_languages(extract):
    english = extract("UN-Habitat cooperated with UNEP and the Government of Kenya.", lang="en")
    chinese = extract("人居署 与 环境署 和 肯尼亚 政府 合作 。", lang="zh")
    iris = lambda graph: {(r.subject.iri, r.predicate, r.object.iri) for r in graph.relations}  # noqa: E731
    assert iris(english) == iris(chinese) and iris(english)


def test_adjectives_joined_by_and_do_not_cut_the_subject_from_its_cue(extract):
    text = "The Ercan Area Control Centre is in regular and close cooperation with the Ankara Area Control Centre."
    found = {frozenset(pair) for pair in relations(extract, text, "partners-with")}
    assert found == {frozenset(("Ercan Area Control Centre", "Ankara Area Control Centre"))}


def test_members_listed_after_a_colon(extract):
    text = "The Conference appointed the following countries as members of the Credentials Committee: Chile, Norway and Viet Nam."
    assert relations(extract, text, "member-of") == {
        (f"Government of {country}", "Credentials Committee") for country in ("Chile", "Norway", "Viet Nam")}


def test_a_list_named_as_a_group_in_brackets(extract):
    text = 'Austria, Canada and Sweden ("the Vienna Group of Ten") submitted a working paper.'
    members = relations(extract, text, "member-of")
    assert {s for s, o in members if o == "Vienna Group of Ten"} == {
        "Government of Austria", "Government of Canada", "Government of Sweden"}


def test_an_acronym_in_brackets_is_not_a_group(extract):
    text = "UNICEF, the Southern African Development Community (SADC) and the African Union (AU) continued their efforts."
    assert not relations(extract, text, "member-of")


def test_a_short_form_stands_for_the_named_body_of_its_paragraph(extract):
    text = "Security Council resolution 2164 (2014), in which the Council requested MINUSMA to expand its presence."
    assert ("United Nations Security Council", MINUSMA) in relations(extract, text, "requests")


def test_a_short_form_without_a_named_body_in_its_paragraph_stays_a_word(extract):
    assert not relations(extract, "UNICEF noted that the Council requested MINUSMA to act.", "requests")


def test_a_resolution_concerning_a_country(extract):
    text = "Brazil presents its report on the actions taken to implement resolution 2204 (2015), regarding Yemen."
    assert relations(extract, text, "concerns") == {("United Nations Security Council resolution 2204 (2015)", "Yemen")}


def test_a_report_title_ends_with_the_session_it_covers(extract):
    graph = extract("Takes note of the report of the Committee for Development Policy on its seventeenth session;",
                    lang="en")
    (report,) = [m for m in graph.mentions if m.mention.kind == "authored"]
    assert report.mention.text == "report of the Committee for Development Policy on its seventeenth session"
    assert ("Committee for Development Policy", "publishes", report.entity.label("en")) in triples(graph)


def test_a_programme_named_with_its_owner_first(extract):
    graph = extract("The Bank works through the UN-Habitat Water for African Cities Programme.", lang="en")
    (programme,) = [m.entity for m in graph.mentions if m.entity.type == "Programme"]
    assert "Water for African Cities Programme" in programme.all_labels()
    assert (HABITAT, "supports", programme.label("en")) in triples(graph)


def test_an_organisations_own_programme_by_possessive(extract):
    text = "UNHCR's Safe Access to Fuel and Energy Project was extended."
    assert ("Office of the United Nations High Commissioner for Refugees", "Safe Access to Fuel and Energy Project") \
        in relations(extract, text, "supports")


def test_a_declaration_may_hold_other_names(extract):
    text = ("We recall the Declaration on the Enhancement of Cooperation between the United Nations and Regional "
            "Arrangements or Agencies, adopted by the General Assembly.")
    declaration = ("Declaration on the Enhancement of Cooperation between the United Nations and Regional "
                   "Arrangements or Agencies")
    assert relations(extract, text, "adopts") == {("United Nations General Assembly", declaration)}


def test_a_meeting_name_ends_before_its_place(extract):
    text = "The statement was made at the Shurat HaDin Law of War Conference in Jerusalem."
    assert relations(extract, text, "held-in") == {("Shurat HaDin Law of War Conference", "Jerusalem")}


def test_nominal_implementation_by_and_adoption_by(extract):
    text = ("Notes the continued implementation by the Department of Public Information of the ongoing "
            "Reham Al-Farra Memorial Journalists' Fellowship Programme.")
    assert relations(extract, text, "supports") == {
        ("Department of Public Information", "Reham Al-Farra Memorial Journalists' Fellowship Programme")}
    text = "Welcomes the adoption by the General Assembly of the Declaration on the Rights of Indigenous Peoples."
    assert ("United Nations General Assembly", "United Nations Declaration on the Rights of Indigenous Peoples") \
        in relations(extract, text, "adopts")


def test_a_topic_between_a_cue_and_its_members(extract):
    text = "The ITC is the joint technical cooperation agency of the United Nations and the World Trade Organization."
    assert {frozenset(p) for p in relations(extract, text, "partners-with")} == {
        frozenset(("United Nations", "World Trade Organization"))}


def test_an_agenda_item_entitled_is_a_topic_and_meetings_count_past_999(extract):
    text = ('At the 7453rd meeting of the Security Council, in connection with the Council\'s consideration of the '
            'item entitled "Threats to international peace and security caused by terrorist acts", the President '
            'made a statement.')
    graph = extract(text, lang="en")
    kinds = {m.mention.text: m.entity.type for m in graph.mentions}
    assert kinds["Threats to international peace and security caused by terrorist acts"] == "Topic"
    assert kinds["7453rd meeting of the Security Council"] == "Meeting"
    assert not [t for t in triples(graph) if t[1] == "publishes"]


def test_a_name_may_start_inside_a_run_of_capitalised_words(extract):
    graph = extract("Statement of the Ministry of Foreign Affairs of Georgia regarding the incident", lang="en")
    assert "Ministry of Foreign Affairs of Georgia" in {m.mention.text for m in graph.mentions}


def test_a_list_goes_on_after_as_well_as_and_lists_examples_not_their_kind(extract):
    text = ("The Permanent Forum recommends that the States of Mali, Burkina Faso and the Niger, as well as United "
            "Nations agencies such as FAO and IFAD, establish a committee.")
    assert {o for s, o in relations(extract, text, "requests")} == {
        "Government of Mali", "Government of Burkina Faso", "Government of the Niger",
        "Food and Agriculture Organization of the United Nations", "International Fund for Agricultural Development"}


def test_names_in_a_paragraph_of_several_sentences(extract):
    text = ("With the support of Japan, UNICEF launched the Child Friendly Cities Initiative. The World Urban Forum, "
            "held in Nanjing, was a success. Japan joined the Global Alliance for Clean Cookstoves.")
    graph = extract(text, lang="en")
    assert {m.mention.text for m in graph.mentions if m.mention.kind == "shape"} == {
        "Child Friendly Cities Initiative", "Global Alliance for Clean Cookstoves"}
    found = set(triples(graph))
    assert ("Government of Japan", "supports", UNICEF) in found
    assert (UNICEF, "supports", "Child Friendly Cities Initiative") in found
    assert ("Government of Japan", "member-of", "Global Alliance for Clean Cookstoves") in found


def test_united_nations_begins_a_name_it_does_not_own_and_on_needs_its_subject_next_to_it(extract):
    text = ("UNICEF is an active participant in the United Nations Development Assistance Framework (UNDAF) process. "
            "The 2015 Review Conference should agree on concrete steps.")
    found = triples(extract(text, lang="en"))
    assert not [t for t in found if t[1] in ("supports", "concerns")]


def test_committees_named_after_the_resolution_that_established_them(extract):
    text = ("The Executive Directorate, in close cooperation with the Security Council Committee pursuant to "
            "resolutions 1267 (1999) and 1989 (2011) and the Committee established pursuant to resolution 1540 "
            "(2004), will hold briefings.")
    committees = {m.mention.text for m in extract(text, lang="en").mentions if m.mention.kind == "shape"}
    assert committees == {"Security Council Committee pursuant to resolutions 1267 (1999) and 1989 (2011)",
                          "Committee established pursuant to resolution 1540 (2004)"}


def test_a_heading_title_runs_to_the_end_of_its_line(extract):
    graph = extract("Report of the Secretary-General on the review of the regional commissions: staffing and budget",
                    lang="en")
    (report,) = [m for m in graph.mentions if m.mention.kind == "authored"]
    assert report.entity.label("en") == ("Report of the Secretary-General on the review of the regional "
                                         "commissions: staffing and budget")
    assert ("Secretary-General of the United Nations", "publishes", report.entity.label("en")) in triples(graph)


def test_a_title_inside_a_sentence_still_ends_at_its_colon(extract):
    graph = extract("Recalls the report of the Secretary-General on oceans: the Assembly took note of it.", lang="en")
    (report,) = [m for m in graph.mentions if m.mention.kind == "authored"]
    assert report.mention.text == "report of the Secretary-General on oceans"


def test_the_advisory_committee_is_acabq(extract):
    text = "The Advisory Committee recommends that the General Assembly approve the proposal."
    assert "Advisory Committee on Administrative and Budgetary Questions" in mentioned(extract(text, lang="en"))


def test_a_footnote_number_glued_to_a_name_does_not_cut_it(extract):
    text = ("Endorses the conclusions contained in the report of the Advisory Committee on Administrative and "
            "Budgetary Questions,3 and requests the Secretary-General to act;")
    assert relations(extract, text, "publishes") == {
        ("Advisory Committee on Administrative and Budgetary Questions",
         "report of the Advisory Committee on Administrative and Budgetary Questions")}


def test_a_lower_case_advisory_committee_is_no_name(extract):
    graph = extract("The programme set up a multi-stakeholder advisory committee in 2014.", lang="en")
    assert "Advisory Committee on Administrative and Budgetary Questions" not in mentioned(graph)


def test_the_secretariat_alone_is_the_united_nations_secretariat(extract):
    text = "The Advisory Committee encourages the Secretariat to update the roster."
    assert ("Advisory Committee on Administrative and Budgetary Questions", "United Nations Secretariat") \
        in relations(extract, text, "requests")


def test_an_office_named_by_its_title_alone(extract):
    text = "The Special Envoy worked closely with UNICEF on the response."
    assert relations(extract, text, "partners-with") == {("Special Envoy", UNICEF)}


def test_an_office_named_by_its_title_is_the_paragraphs_earlier_body(extract):
    text = ("The Special Committee on Peacekeeping Operations met in February. "
            "The Special Committee encourages the Secretariat to strengthen training.")
    assert relations(extract, text, "requests") == {("Special Committee on Peacekeeping Operations",
                                                     "United Nations Secretariat")}


def test_a_title_followed_by_its_complement_is_no_short_form(extract):
    graph = extract("The Special Representative of the Secretary-General for Somalia briefed the Council.", lang="en")
    assert "Special Representative" not in mentioned(graph)


def test_a_body_word_in_a_text_about_no_one_organisation(extract):
    text = "The Executive Director issued a report on the audit. UNICEF and WHO met, and UNDP spoke."
    assert "Executive Director" in mentioned(extract(text, lang="en"))


@pytest.mark.parametrize("text, name", [
    ("UNSOA also supported the Somali police force with training.", "Somali police force"),
    ("MINUSMA coordinated closely with French forces in the north.", "French forces"),
])
def test_a_states_forces_named_by_its_demonym_act_for_it(extract, text, name):
    graph = extract(text, lang="en")
    assert name in mentioned(graph)
    assert any(m.entity.type == "Government" for m in graph.mentions if m.entity.label("en") == name)


def test_a_demonym_before_other_words_is_no_government(extract):
    graph = extract("The French language course was offered to staff of UNICEF.", lang="en")
    assert not any(m.entity.type == "Government" for m in graph.mentions)


def test_a_participle_qualifies_the_name_a_preposition_governs(extract):
    text = ("The Council recalled its call for coordination with the Declaration on the Right to Development, "
            "adopted by the General Assembly in 1986.")
    assert relations(extract, text, "adopts") == {("United Nations General Assembly",
                                                   "Declaration on the Right to Development")}


def test_an_active_verb_still_takes_the_subject_before_the_preposition(extract):
    text = "UN-Habitat, in cooperation with UNEP, launched the Global Land Tool Network."
    graph = extract(text, lang="en")
    rules = {(r.subject.label("en"), r.evidence.rule) for r in graph.relations if r.predicate == "supports"}
    # UN-Habitat launched it; UNEP, its partner in the act, supports it through the joint action only
    assert ("United Nations Human Settlements Programme", "en.supports.verb") in rules
    assert all(rule.endswith("+joint") for who, rule in rules if who == UNEP)


def test_a_body_named_by_its_head_word_alone_makes_requests(extract):
    text = "The Forum recommends that UNICEF and UNFPA strengthen data collection on indigenous children."
    assert relations(extract, text, "requests") == {("Forum", UNICEF), ("Forum", "United Nations Population Fund")}


def test_a_head_word_before_its_complement_is_the_whole_name(extract):
    text = "The Committee on the Rights of the Child urges the Secretariat to publish the report."
    assert relations(extract, text, "requests") == {("Committee on the Rights of the Child",
                                                     "United Nations Secretariat")}


def test_units_and_bureaux_are_bodies_by_their_last_word(extract):
    graph = extract("In 2014, the Special Committee Bureau met the Joint Inspection Unit and the Conduct and "
                    "Discipline Team.", lang="en")
    assert {"Special Committee Bureau", "Conduct and Discipline Team"} <= mentioned(graph)


def test_support_provided_by_one_body_to_another(extract):
    text = "The Council welcomed the technical assistance provided by UNODC to the Government of Mali."
    assert relations(extract, text, "supports") == {("United Nations Office on Drugs and Crime", "Government of Mali")}


def test_coordinating_with_is_partnering(extract):
    text = "UNAMA coordinated closely with UNICEF on the vaccination campaign."
    assert {frozenset(p) for p in relations(extract, text, "partners-with")} == {
        frozenset(("United Nations Assistance Mission in Afghanistan", UNICEF))}


def test_coordination_among_listed_bodies_without_a_cue_is_no_partnership(extract):
    text = "The Council underlined the importance of coordination for UNAMA and UNICEF in the field."
    assert not relations(extract, text, "partners-with")


def test_a_sanctions_committees_name_states_what_its_resolution_concerns(extract):
    text = ("After consulting the Security Council Committee established pursuant to resolution 2127 (2013) "
            "concerning the Central African Republic, I have appointed five experts.")
    assert relations(extract, text, "concerns") == {("United Nations Security Council resolution 2127 (2013)",
                                                     "Central African Republic")}


def test_a_committee_named_by_its_resolution_alone_states_nothing(extract):
    text = "The Security Council Committee established pursuant to resolution 1540 (2004) met in April."
    assert not relations(extract, text, "concerns")


def test_a_longer_name_may_hold_a_short_gazetteer_name(extract):
    graph = extract("The Audit Advisory Committee considers that the risks of UNFPA are managed.", lang="en")
    assert "Audit Advisory Committee" in mentioned(graph)
    assert "Advisory Committee on Administrative and Budgetary Questions" not in mentioned(graph)


def test_the_united_nations_before_a_convention_begins_its_name_and_adopts_nothing(extract):
    text = "The Tribunal was established by the United Nations Convention on the Law of the Sea."
    assert not relations(extract, text, "adopts")


def test_a_body_before_its_resolution_still_adopts_it(extract):
    text = "The Council recalled General Assembly resolution 68/1 on the review of the Council."
    assert ("United Nations General Assembly", "United Nations General Assembly resolution 68/1") \
        in relations(extract, text, "adopts")


def test_providing_information_to_a_body_is_no_support(extract):
    text = "The Secretary-General should provide updated information to the General Assembly on the cash balance."
    assert not relations(extract, text, "supports")


def test_providing_assistance_to_a_body_is_support(extract):
    text = "UNODC provided technical assistance to the Government of Mali in 2014."
    assert relations(extract, text, "supports") == {("United Nations Office on Drugs and Crime", "Government of Mali")}


def test_including_gives_an_example_not_a_member(extract):
    text = "The Council called for support to relevant United Nations bodies, including the Peacebuilding Commission."
    assert not relations(extract, text, "member-of")


def test_comprises_still_lists_members(extract):
    text = "The Global Alliance for Clean Cookstoves comprises UNEP and WHO."
    assert relations(extract, text, "member-of") == {(UNEP, "Global Alliance for Clean Cookstoves"),
                                                     (WHO, "Global Alliance for Clean Cookstoves")}


def test_a_conference_name_may_start_with_a_lower_case_ordinal(extract):
    text = "The Council looked forward to the third International Conference on Financing for Development in Addis Ababa."
    assert relations(extract, text, "held-in") == {("Third International Conference on Financing for Development",
                                                    "Addis Ababa")}


def test_a_lower_case_name_without_an_ordinal_is_not_matched(extract):
    graph = extract("Delegates discussed international conference on financing for development issues.", lang="en")
    assert not any(m.entity.type == "Meeting" for m in graph.mentions)


def test_a_title_case_topic_ends_with_its_run_of_capitalised_words(extract):
    text = "UNICEF supported the Guidance Note of the Secretary-General on Children and Armed Conflict and other tools."
    assert ("Secretary-General of the United Nations", "publishes",
            "Guidance Note of the Secretary-General on Children and Armed Conflict") in triples(extract(text, lang="en"))


def test_a_footnote_number_glued_without_a_comma_is_split_off(extract):
    text = "Endorses the conclusions contained in the report of the Board of Auditors2 and requests the Secretary-General."
    assert ("Board of Auditors", "report of the Board of Auditors") in relations(extract, text, "publishes")


def test_a_cue_inside_a_clause_does_not_take_its_subject_after_the_object(extract):
    text = "The Committee will continue its close cooperation with UNODC, relevant Security Council bodies and others."
    assert not relations(extract, text, "partners-with")


def test_support_from_a_list_of_governments_opening_the_sentence(extract):
    graph = extract("With the assistance of the Governments of India and Norway, the Advisory Group of Experts on "
                    "Decentralization met to prepare a follow-up strategy.", lang="en")
    assert {s for s, p, o in triples(graph) if p == "supports"} == {"Government of India", "Government of Norway"}


def test_two_openers_joined_by_and_both_state_their_relation(extract):
    graph = extract("With the support of the Government of France and in close cooperation with United Cities and "
                    "Local Governments, UN-Habitat continued its work.", lang="en")
    assert {("Government of France", "supports", HABITAT),
            (HABITAT, "partners-with", "United Cities and Local Governments")} <= triples(graph)


def test_a_body_that_has_been_assisting_another_supports_it(extract):
    graph = extract("The European Commission has been assisting UN-Habitat in designing projects.", lang="en")
    assert ("European Commission", "supports", HABITAT) in triples(graph)


def test_two_that_agree_on_a_joint_programme_are_partners(extract):
    graph = extract("UN-Habitat and UNEP agreed on a joint work programme for 2008-2009.", lang="en")
    assert (HABITAT, "partners-with", UNEP) in triples(graph) or (UNEP, "partners-with", HABITAT) in triples(graph)


def test_a_report_concerns_the_title_it_is_entitled(extract):
    graph = extract("The Global Report on Human Settlements 2007, entitled Enhancing Urban Safety and Security, "
                    "addresses three threats.", lang="en")
    assert ("Global Report on Human Settlements", "concerns", "Enhancing Urban Safety and Security") in triples(graph)


def test_the_members_of_a_body_include_a_list(extract):
    graph = extract("The members of the Advisory Group on Forced Evictions include the Asian Coalition for Housing Rights "
                    "and Habitat International Coalition.", lang="en")
    assert {s for s, p, o in triples(graph) if p == "member-of"} == {"Asian Coalition for Housing Rights",
                                                                     "Habitat International Coalition"}


def test_an_event_described_by_its_topic_is_a_meeting_its_host_supports(extract):
    graph = extract("In collaboration with the African Union, UN-Habitat held an expert group meeting on land policy "
                    "guidelines for Africa.", lang="en")
    meeting = "expert group meeting on land policy guidelines"
    assert {(HABITAT, "supports", meeting), ("African Union", "supports", meeting),
            (meeting, "concerns", "land policy guidelines")} <= triples(graph)


def test_guidelines_described_by_their_topic_are_a_report(extract):
    graph = extract("UN-Habitat and UNITAR prepared draft guidelines on access to basic services.", lang="en")
    assert (HABITAT, "publishes", "guidelines on access to basic services") in triples(graph)


def test_a_body_word_belongs_to_the_organisation_named_after_it(extract):
    graph = extract("The Emergency Relief Coordinator invited the Executive Director of UNEP to attend.", lang="en")
    assert ("Emergency Relief Coordinator", "requests", "Executive Director of UNEP") in triples(graph)
    assert UNEP in mentioned(graph)  # the owner stays mentioned


@pytest.mark.parametrize("text, name", [
    ("Acting under Chapter VII of the Charter of the United Nations,", "Charter of the United Nations"),
    ("The States parties recall article IV of the Treaty on the Non-Proliferation of Nuclear Weapons.",
     "Treaty on the Non-Proliferation of Nuclear Weapons"),
])
def test_a_roman_numeral_numbers_the_article_a_name_follows_and_is_not_part_of_it(extract, text, name):
    names = {m.mention.text for m in extract(text, lang="en").mentions}
    assert name in names and not any(n.split()[0] in ("VII", "IV") for n in names), names


@pytest.mark.parametrize("text, names", [
    ("The Ministry of Water Resources and the Ministry of Rural Development signed the plan.",
     {"Ministry of Water Resources", "Ministry of Rural Development"}),
    ("The Trust Fund for Gender Equality and the Empowerment of Rural Women supported the plan.",
     {"Trust Fund for Gender Equality and the Empowerment of Rural Women"}),
])
def test_and_the_starts_a_second_name_only_when_both_sides_name_something(extract, text, names):
    assert {m.mention.text for m in extract(text, lang="en").mentions if m.mention.kind == "shape"} == names


@pytest.mark.parametrize("text, adopted", [
    ("States reviewed the Accra Declaration on Urban Water, which was endorsed by the African Union.", True),
    ("They reviewed the Lima Convention and the Quito Protocol, both of which were adopted by the Organization of "
     "American States.", True),
    ("They reviewed the State of the World's Cities report, which was endorsed by the African Union.", False),
])
def test_a_relative_clause_says_who_adopted_the_instruments_before_it(extract, text, adopted):
    assert bool(relations(extract, text, "adopts")) == adopted


def test_acting_pursuant_to_a_resolution_named_after_the_subject_answers_its_request(extract):
    graph = extract("UN-Habitat works.\nUN-Habitat, pursuant to Governing Council resolution 21/4, established a "
                    "group.", lang="en")
    assert [(r.subject.label("en"), r.object.label("en")) for r in graph.relations if r.predicate == "requests"] == \
        [("Governing Council of the United Nations Human Settlements Programme resolution 21/4", HABITAT)]


@pytest.mark.parametrize("text, partners", [
    ("UNEP will cooperate with the members of UNICEF, UNDP and WHO.", {UNDP, WHO}),
    ("UNEP will cooperate with UNICEF, UNDP and WHO.", {UNICEF, UNDP, WHO}),
])
def test_the_members_of_a_body_are_not_the_body(extract, text, partners):
    assert {x for pair in relations(extract, text, "partners-with") for x in pair if UNEP in pair} - {UNEP} == partners


def test_calling_upon_the_states_members_of_a_body_is_no_request_to_it(extract):
    assert not relations(extract, "The Council calls upon States Members of the African Union to act.", "requests")
    assert relations(extract, "UNEP calls upon the African Union to act.", "requests") == \
        {("United Nations Environment Programme", "African Union")}


@pytest.mark.parametrize("text, member", [
    ("Letter from the President of UNICEF to the Chair of the Executive Board of UNDP", False),
    ("UNICEF, as chair of the United Nations Development Group, met on Monday.", True),
])
def test_the_chair_addressed_is_no_member_of_the_sender(extract, text, member):
    assert bool(relations(extract, text, "member-of")) is member


def test_a_session_during_which_something_was_organized_is_not_what_was_organized(extract):
    text = "UNEP recalls the panel organized during the sixty-eighth session of the General Assembly."
    assert not relations(extract, text, "supports")
    assert relations(extract, "UNEP organized the sixty-eighth session of the General Assembly.", "supports")


@pytest.mark.parametrize("text, partners", [
    ("The Assembly thanks UNICEF for the dialogue between cultures, and encourages UNEP and UNDP to cooperate.", True),
    ("The Assembly thanks UNICEF for its cooperation with UNEP and UNDP to cooperate.", False),
])
def test_a_preposition_governs_a_list_only_within_its_phrase(extract, text, partners):
    found = relations(extract, text, "partners-with")
    assert (frozenset((UNEP, UNDP)) in {frozenset(pair) for pair in found}) is partners


def test_a_place_and_in_before_a_name_are_no_part_of_it(extract):
    graph = extract("One post moves to Abyei in the Engineering Section.", lang="en")
    assert {"Abyei", "Engineering Section"} <= mentioned(graph) and "Abyei in the Engineering Section" \
        not in mentioned(graph)


def test_a_meeting_that_considers_an_agenda_item_concerns_it(extract):
    graph = extract('At the 7453rd meeting of the Security Council, held on 29 May 2015, in connection with the '
                    'Council\'s consideration of the item entitled "Threats to international peace and security caused '
                    'by terrorist acts", the President made the following statement:', lang="en")
    (meeting,) = [m.entity for m in graph.mentions if m.entity.type == "Meeting"]
    assert "7453rd meeting of the Security Council" in meeting.all_labels()  # as written too
    assert {(r.subject.iri, r.object.label("en")) for r in graph.relations if r.predicate == "concerns"} == {
        (meeting.iri, "Threats to international peace and security caused by terrorist acts")}


@pytest.mark.parametrize("text, supported", [
    ("UNDP has supported the development and dissemination of the Poverty-Environment Initiative.", True),
    ("UNDP has supported the countries and regions of the Poverty-Environment Initiative.", False),
])
def test_support_for_what_is_done_to_a_programme_supports_it(extract, text, supported):
    assert (("United Nations Development Programme", "Poverty-Environment Initiative")
            in relations(extract, text, "supports")) == supported
