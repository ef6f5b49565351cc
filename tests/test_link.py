"""Linking: the IRIs entities get, the same whichever language names them."""
from __future__ import annotations

import pytest


def published(graph) -> set[tuple[str, str]]:
    """(author IRI, document IRI) of the publishes relations."""
    return {(r.subject.iri, r.object.iri) for r in graph.relations if r.predicate == "publishes"}


@pytest.mark.parametrize("english, chinese", [
    ("The Assembly took note of the report of the Board of Auditors.", "大会 注意 到 审计委员会 的 报告 。"),
    ("Working paper submitted by Norway", "挪威 提交 的 工作文件"),
    ("Note by the Secretariat", "秘书处 的 说明"),
    ("Report of the Committee on the Rights of the Child on its sixty-fifth session",
     "儿童权利委员会 第六十五届 会议 的 报告"),
    ("The Council welcomed the annual report of the Peacebuilding Commission for 2013.",
     "安理会 欢迎 建设和平委员会 2013 年 的 年度 报告 。"),
])
def test_a_document_named_by_its_author_alone_has_one_iri_in_both_languages(extract, english, chinese):
    en, zh = published(extract(english, lang="en")), published(extract(chinese, lang="zh"))
    assert en == zh and len(en) == 1


@pytest.mark.parametrize("text, lang", [
    ("Report of the Committee against Torture on its fifty-first session\n"
     "Report of the Committee against Torture on its fifty-second session", "en"),
    ("挪威 提交 的 工作文件\n挪威 提交 的 报告", "zh"),
    ("Report of the Secretary-General on desertification\nReport of the Secretary-General", "en"),
])
def test_documents_of_one_author_differ_by_genre_session_and_topic(extract, text, lang):
    graph = extract(text, lang=lang)
    reports = {r.object.iri for r in graph.relations if r.predicate == "publishes"}
    assert len(reports) == 2


def partners(graph) -> set[frozenset[str]]:
    return {frozenset((r.subject.iri, r.object.iri)) for r in graph.relations if r.predicate == "partners-with"}


@pytest.mark.parametrize("english, chinese", [
    ("My Special Envoy will work closely with the African Union.", "秘书长 特使 将 与 非洲联盟 密切合作 。"),
    ("The Working Group cooperated with UNICEF.", "工作组 与 儿童基金会 合作 。"),
    ("My Special Representative and UNICEF continue to work together.", "我 的 特别 代表 和 儿童基金会 继续 共同努力 。"),
])
def test_an_office_named_by_its_title_alone_has_one_iri_in_both_languages(extract, english, chinese):
    en, zh = partners(extract(english, lang="en")), partners(extract(chinese, lang="zh"))
    assert en == zh and len(en) == 1


def test_an_office_named_alone_is_still_the_body_its_paragraph_named_before(extract):
    graph = extract("联合国 土著 问题 常设 论坛 第十四届 会议 开幕 。 论坛 与 儿童基金会 合作 。", lang="zh")
    assert frozenset(("https://w3id.org/unkg/id/PFII", "https://w3id.org/unkg/id/UNICEF")) in partners(graph)


@pytest.mark.parametrize("text", ["人居署 秘书处 与 儿童基金会 合作 。", "秘书长 特使 办公室 与 儿童基金会 合作 。"])
def test_a_title_inside_a_longer_name_is_not_the_office(extract, text):
    iris = {m.entity.iri for m in extract(text, lang="zh").mentions}
    assert not iris & {"https://w3id.org/unkg/id/UN-Secretariat",
                       "https://w3id.org/unkg/id/unentity/specialenvoyofthesecretary-general"}


def resolutions(graph) -> set[str]:
    return {m.entity.iri.rsplit("/", 1)[-1] for m in graph.mentions if m.entity.type == "Resolution"}


def test_every_resolution_of_a_list_in_both_languages(extract):
    english = extract("The law is in line with Security Council resolutions 1373 (2001), 1540 (2004) and 1887 (2009).",
                      lang="en")
    chinese = extract("该 法律 符合 安全 理事会 第 1373 ( 2001 ) 、 1540 ( 2004 ) 和 1887 ( 2009 ) 号 决议 。", lang="zh")
    assert resolutions(english) == resolutions(chinese) == {
        "Security-Council-1373", "Security-Council-1540", "Security-Council-1887"}


def test_a_list_goes_on_only_with_numbers_written_like_the_first(extract):
    graph = extract("Recalling General Assembly resolution 68/1, 2013 and 2014 were years of progress.", lang="en")
    assert resolutions(graph) == {"General-Assembly-68-1"}


def test_a_number_with_its_year_is_the_security_councils_whatever_the_paragraphs_body_word(extract):
    graph = extract("执行局 将 协助 各国 执行 第 2178 ( 2014 ) 号 决议 。", lang="zh")
    assert resolutions(graph) == {"Security-Council-2178"}


def test_only_my_envoy_is_the_secretary_generals(extract):
    iris = {m.entity.iri for m in extract("他 的 特使 与 儿童基金会 合作 。", lang="zh").mentions}
    assert "https://w3id.org/unkg/id/unentity/specialenvoyofthesecretary-general" not in iris


@pytest.mark.parametrize("text, lang", [
    ("The outcome document of the World Conference on Indigenous Peoples was welcomed.", "en"),
    ("世界 土著 人民 大会 成果 文件 受到 欢迎 。", "zh"),
])
def test_a_known_name_states_its_topic_in_either_language(extract, text, lang):
    concerns = {(r.subject.iri, r.object.iri) for r in extract(text, lang=lang).relations if r.predicate == "concerns"}
    assert concerns == {("https://w3id.org/unkg/id/WCIP", "http://metadata.un.org/thesaurus/1003106")}


def test_a_known_name_without_a_known_topic_states_none(extract):
    graph = extract("联合国 可 持续 发展 大会 通过 了 成果 文件 。", lang="zh")
    assert {r.object.label("en") for r in graph.relations if r.predicate == "concerns"} == {"sustainable development"}
    assert not [r for r in extract("世界 城市 论坛 开幕 。", lang="zh").relations if r.predicate == "concerns"]


@pytest.mark.parametrize("english, chinese", [
    ("The States recalled the Convention on the Prevention and Punishment of the Crime of Genocide.",
     "各国 回顾 《 防止 及 惩治 灭绝种族 罪 公约 》 。"),
    ("Brazil is a State party to the Treaty of Tlatelolco.", "巴西 是 《 特拉特 洛尔科 条约 》 缔约国 。"),
])
def test_an_instrument_cited_often_has_one_iri_in_both_languages(extract, english, chinese):
    def instruments(graph):
        return {m.entity.iri for m in graph.mentions if m.entity.type == "Resolution"}
    en, zh = instruments(extract(english, lang="en")), instruments(extract(chinese, lang="zh"))
    assert en == zh and len(en) == 1 and all(m.entity.known for m in extract(english, lang="en").mentions)


def test_a_proposal_named_by_its_author_has_one_iri_in_both_languages(extract):
    def proposals(graph):
        return {r.object.iri for r in graph.relations if r.predicate == "publishes"}
    en = proposals(extract("The Government should consider the proposal by UNAMI to launch a campaign.", lang="en"))
    zh = proposals(extract("政府 应 考虑 联伊 援助团 的 提议 ， 发起 一次 运动 。", lang="zh"))
    assert en == zh == {"https://w3id.org/unkg/id/report/UNAMI/proposal"}
