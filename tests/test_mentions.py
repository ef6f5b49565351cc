from __future__ import annotations

import pytest

from tests.conftest import mentioned, triples

UNEP_NAME = "United Nations Environment Programme"


def test_gazetteer_names_match_across_segmentation_errors(extract):
    graph = extract("人居署 与 环境 署 合作 。")
    assert {"United Nations Environment Programme", "United Nations Human Settlements Programme"} <= mentioned(graph)


def test_longest_match_wins(extract):
    graph = extract("联合国 环境 规划署 发表 声明 。")
    spans = [m.mention.text for m in graph.mentions if m.entity.type == "UNEntity"]
    assert spans == ["联合国 环境 规划署"]


def test_alias_defined_in_the_text_links_later_mentions(extract):
    graph = extract("维多利亚 湖 南部 用水 服务局 ( 湖南 服务局 ) 成立 。 后来 湖南 服务局 与 人居署 合作 。")
    entities = {m.mention.text: m.entity.iri for m in graph.mentions}
    assert entities["维多利亚 湖 南部 用水 服务局"] == entities["湖南 服务局"]


def test_unknown_organisation_by_shape_gets_a_stable_iri(extract):
    first = extract("人居署 与 蓝天 住房 研究所 合作 。", name="a.txt")
    second = extract("蓝天 住房 研究所 举行 会议 。", name="b.txt")
    iri = {m.entity.iri for m in first.mentions if m.entity.label("zh") == "蓝天住房研究所"}
    assert iri and iri == {m.entity.iri for m in second.mentions if m.entity.label("zh") == "蓝天住房研究所"}
    assert next(m.entity for m in first.mentions if m.entity.iri in iri).type == "NGO"


def test_generic_names_are_not_organisations(extract):
    graph = extract("人居署 与 非政府 组织 和 私营 部门 公司 合作 。")
    assert not any(m.entity.label("zh") in ("非政府组织", "私营部门公司") for m in graph.mentions)


def test_resolution_number_with_issuing_body(extract):
    graph = extract("大会 第63/221 号 决议 强调 气候 变化 。")
    resolution = next(m.entity for m in graph.mentions if m.entity.type == "Resolution")
    assert "General Assembly resolution 63/221" in resolution.all_labels()
    assert "大会第63/221号决议" in resolution.all_labels()


def test_session_by_ordinal_covers_its_body_which_stays_mentioned(extract):
    graph = extract("世界 城市 论坛 第四 届 会议 在 南京 举行 。")
    meeting = next(m for m in graph.mentions if m.mention.kind == "session")
    assert meeting.mention.text == "世界 城市 论坛 第四 届 会议"
    assert meeting.entity.label("en").endswith(", fourth session")
    assert "世界 城市 论坛" in {m.mention.text for m in graph.mentions if m.mention.kind != "session"}
    assert {(r.subject.label("en"), r.predicate) for r in graph.relations} == {(meeting.entity.label("en"), "held-in")}


def test_listed_countries_before_government_are_governments(extract):
    graph = extract("专家组 在 印度 和 挪威 政府 的 援助 下 举行 会议 。")
    governments = {m.entity.label("en") for m in graph.mentions if m.entity.type == "Government"}
    assert {"Government of India", "Government of Norway"} <= governments


def test_topics_link_to_unbis(extract):
    graph = extract("理事会 讨论 气候 变化 。")
    topic = next(m.entity for m in graph.mentions if m.entity.type == "Topic")
    assert topic.iri == "http://metadata.un.org/thesaurus/1001030"


def test_a_long_meeting_name_keeps_its_ordinal_and_joined_places(extract):
    graph = extract("在 德黑兰 举行 的 第二 届 住房 和 城市 发展 问题 亚洲 - 太平洋 部长级 会议 期间 。")
    meetings = {m.mention.text for m in graph.mentions if m.entity.type == "Meeting"}
    assert meetings == {"第二 届 住房 和 城市 发展 问题 亚洲 - 太平洋 部长级 会议"}


def test_a_session_is_also_labelled_as_written(extract):
    graph = extract("理事会 第二十一 届 会议 请 人居署 进行 实验 。")
    (session,) = [m.entity for m in graph.mentions if m.mention.kind == "session"]
    assert "理事会第二十一届会议" in session.all_labels()


def test_a_programme_named_with_its_owner_first(extract):
    graph = extract("非洲 发展 银行 通过 人居署 非洲 城市 用水 方案 提供 资金 。")
    (programme,) = [m.entity for m in graph.mentions if m.entity.type == "Programme"]
    assert {"人居署非洲城市用水方案", "非洲城市用水方案"} <= set(programme.all_labels())
    assert ("United Nations Human Settlements Programme", "supports", "人居署非洲城市用水方案") in triples(graph)


def test_united_nations_begins_a_name_without_owning_it(extract):
    graph = extract("H. 联合国 住房 权利 方案")
    assert [m.entity.label() for m in graph.mentions] == ["联合国住房权利方案"]
    assert not graph.relations


def test_a_name_may_hold_words_ending_like_dates(extract):
    graph = extract("还 设立 了 青年 咨询 委员会 。")
    assert [m.mention.text for m in graph.mentions if m.mention.kind == "shape"] == ["青年 咨询 委员会"]


def test_listed_countries_before_san_guo_zhengfu_are_governments(extract):
    graph = extract("协同 几内亚 、 利比里亚 和 塞拉利昂 三国 政府 制订 一个 框架 。")
    assert [m.entity.label("en") for m in graph.mentions] == [
        "Government of Guinea", "Government of Liberia", "Government of Sierra Leone"]


def test_a_short_chinese_name_is_a_whole_word(extract):
    graph = extract("举行 重大 会议 ， 审议大会 通过 ， 大会 第63/221 号 决议 。")
    assert [m.mention.text for m in graph.mentions if m.mention.kind == "gazetteer"] == ["大会"]


def test_the_president_and_government_of_a_country(extract):
    graph = extract("赞扬 科特迪瓦 总统 和 政府 继续 努力 。")
    assert "Government of Côte d'Ivoire" in {m.entity.label("en") for m in graph.mentions}


def test_chinese_authored_titles_with_a_quoted_topic_a_session_or_a_draft(extract):
    graph = extract('秘书长 关于 " 人力 资源管理 改革 概览 ： 流动性 " 的 报告')
    assert ("Secretary-General of the United Nations", "publishes", '秘书长关于"人力资源管理改革概览：流动性"的报告') \
        in triples(graph)
    graph = extract("注意 到 发展 政策 委员会 第十七届 会议 的 报告 ；")
    assert ("Committee for Development Policy", "publishes", "发展政策委员会第十七届会议的报告") in triples(graph)
    graph = extract("大会 主席 提出 的 决议 草案")
    assert ("President of the General Assembly", "publishes", "大会主席提出的决议草案") in triples(graph)


def test_a_committee_named_after_its_resolution(extract):
    graph = extract("执行局 将 与 第 1540 ( 2004 ) 号 决议 所 设 委员会 密切合作 。")
    assert [m.entity.label() for m in graph.mentions if m.mention.kind == "shape"] == ["第1540(2004)号决议所设委员会"]


def test_an_organisation_named_inside_a_longer_name_is_mentioned(extract):
    graph = extract("资产 被 移交 给 联合国 和 阿拉伯国家联盟 叙利亚 问题 联合 特别 代表 办公室 。")
    assert "League of Arab States" in mentioned(graph)


@pytest.mark.parametrize("text, name", [
    ("不 扩散 核武器 条约 缔约国 2015 年 审议 大会 筹备 委员会 的 报告", "United Nations General Assembly"),
    ("The Peace and Security Council of the African Union met.", "United Nations Security Council"),
])
def test_the_head_of_a_longer_name_is_not_another_organisation(extract, text, name):
    assert name not in mentioned(extract(text))


def test_a_topic_phrase_does_not_swallow_an_organisation(extract):
    graph = extract("根据 关于 在 联合国国际贸易法委员会 中 轮任 的 协议 ， 格鲁吉亚 放弃 席位 。")
    assert "United Nations Commission on International Trade Law" in mentioned(graph)


@pytest.mark.parametrize("text, lang, name", [
    ("这些 公司 包括 ： 印度 可口可乐 、 谷歌 。", "zh", "印度可口可乐"),
    ("Partners include Coca-Cola India and Google.", "en", "Coca-Cola India"),
])
def test_a_company_with_its_country_is_the_national_company(extract, text, lang, name):
    assert name in mentioned(extract(text, lang=lang))


@pytest.mark.parametrize("text, lang, name", [
    ("法国 部队 在 多个 领域 向 马里 稳定 团 提供 了 支援 。", "zh", "法国部队"),
    ("It is worth noting the support provided by French forces to MINUSMA.", "en", "French forces"),
])
def test_a_states_forces_named_by_its_country_act_for_it(extract, text, lang, name):
    graph = extract(text, lang=lang)
    assert (name, "supports", "United Nations Multidimensional Integrated Stabilization Mission in Mali") \
        in triples(graph) and "Government" == next(m.entity.type for m in graph.mentions if m.entity.label("en") == name)


def test_forces_with_no_country_before_them_are_no_name(extract):
    assert not [m for m in extract("该 部队 和 政权 部队 向 马里 稳定 团 提供 了 支援 。").mentions if m.entity.type == "Government"]


def test_a_title_with_a_subtitle_is_also_named_by_its_main_title(extract):
    graph = extract('人居署 编写 了 题 为 " 人人 共享 的 历史 地区 ： 促进 可 持续 振兴 " 的 手册 。')
    (report,) = [m.entity for m in graph.mentions if m.entity.type == "Report"]
    assert report.all_labels() == ["人人共享的历史地区：促进可持续振兴", "人人共享的历史地区"]


@pytest.mark.parametrize("text, name", [
    ("3 . 特别 报告员 请 人权 高专办 提供 资料 。", "特别报告员"),
    ("工作组 建议 开发署 继续 提供 支助 。", "工作组"),
    ("秘书长 特使 与 非洲联盟 密切 合作 。", "秘书长特使"),
])
def test_an_office_named_by_its_title_alone(extract, text, name):
    assert name in {m.entity.label("zh") for m in extract(text).mentions}


@pytest.mark.parametrize("text", ["第一 工作组 已 开会 。", "开放 式 工作组 已 开会 。", "人居署 秘书处 已 开会 。"])
def test_a_title_inside_a_longer_name_is_not_named_alone(extract, text):
    assert not [m for m in extract(text).mentions if m.mention.rule == "shape.pattern.UNEntity"
                and m.mention.attr("antecedent")]


def test_a_title_alone_is_the_longer_name_given_earlier_in_the_paragraph(extract):
    graph = extract("土著 问题 常设 论坛 第十四届 会议 闭幕 。 论坛 建议 儿基会 加强 数据 收集 。")
    assert ("Permanent Forum on Indigenous Issues", "requests", "United Nations Children's Fund") in triples(graph)


def test_a_body_word_in_a_text_about_no_one_organisation_is_named_as_written(extract):
    graph = extract("执行 主任 向 所有 工作人员 发出 年度 备忘录 。\n环境署 与 开发署 合作 。")
    assert {"执行主任", "Executive Director"} <= {label for m in graph.mentions for label, _ in m.entity.labels}


def test_a_committee_named_after_its_resolution_states_what_the_resolution_concerns(extract):
    graph = extract("我 已 与 安全 理事会 关于 利比里亚 的 第 1521 ( 2003 ) 号 决议 所 设 委员会 协商 。")
    assert ("United Nations Security Council resolution 1521 (2003)", "concerns", "Liberia") in triples(graph)


@pytest.mark.parametrize("text, author, title", [
    ("审议 了 消除 种族 歧视 委员会 2012 年 和 2013 年届会 的 报告 。", "Committee on the Elimination of Racial Discrimination",
     "消除种族歧视委员会2012年和2013年届会的报告"),
    ("新 议程 ： 智利 提交 的 文件", "Government of Chile", "智利提交的文件"),
    ("大会 审议 了 秘书长 关于 妇女 与 和平 问题 年度报告 。", "Secretary-General of the United Nations",
     "秘书长关于妇女与和平问题年度报告"),
    ("秘书长 的 说明 ： 联合国 利比里亚 特派团 的 经费 筹措", "Secretary-General of the United Nations",
     "秘书长的说明：联合国利比里亚特派团的经费筹措"),
])
def test_chinese_authored_titles_by_year_session_submitted_paper_issue_and_heading(extract, text, author, title):
    assert (author, "publishes", title) in triples(extract(text))


def test_a_chinese_title_followed_by_a_sentence_is_no_heading(extract):
    graph = extract("秘书长 的 报告 ： 各国 应 加强 合作 。")
    assert ("Secretary-General of the United Nations", "publishes", "秘书长的报告") in triples(graph)


def test_the_period_a_report_covers_is_not_its_topic(extract):
    graph = extract("秘书长 关于 联合国 南 苏丹 特派团 2016 年 7 月 1 日至 2017 年 6 月 30 日 期间 预算 的 报告")
    assert {o for s, p, o in triples(graph) if p == "concerns"} == {"联合国南苏丹特派团预算"}


def test_a_chinese_title_may_give_the_date_and_the_addressee(extract):
    graph = extract("审议 了 智利 2016 年 3 月 2 日 提交 给 秘书长 的 报告 。")
    assert ("Government of Chile", "publishes", "智利2016年3月2日提交给秘书长的报告") in triples(graph)
    assert ("Secretary-General of the United Nations", "publishes", "秘书长的报告") not in triples(graph)


@pytest.mark.parametrize("text, publishes", [
    ("又 回顾 行预 咨 委会 报告 第 12 段 ；", True),
    ("认可 审计 委员会 报告 所 载 各项 建议 ；", True),
    ("开发署 报告 说 ， 项目 进展 顺利 。", False),
])
def test_a_report_right_after_its_author_only_as_a_noun(extract, text, publishes):
    assert bool([t for t in triples(extract(text)) if t[1] == "publishes"]) is publishes


@pytest.mark.parametrize("text, title", [
    ("秘书长 关于 维持 和平 行动 经费 的 定期 报告", "秘书长关于维持和平行动经费的定期报告"),
    ("秘书长 关于 保护 平民 的 指导 说明", "秘书长关于保护平民的指导说明"),
])
def test_periodic_reports_and_guidance_notes_are_authored_titles(extract, text, title):
    assert ("Secretary-General of the United Nations", "publishes", title) in triples(extract(text))


def test_a_report_named_by_its_topic_after_the_verb_that_issues_it(extract):
    graph = extract("2016 年 ， 环境署 发布 了 关于 海洋 塑料 污染 的 报告 。")
    assert (UNEP_NAME, "publishes", "关于海洋塑料污染的报告") in triples(graph)
    graph = extract("环境署 关注 关于 海洋 塑料 污染 的 讨论 。")
    assert not [t for t in triples(graph) if t[1] == "publishes"]


@pytest.mark.parametrize("text, name, present", [
    ("罗马尼亚 外交部 发表 声明 。", "罗马尼亚外交部", True),
    ("马里 北部 局势 依然 紧张 。", "马里北部", False),
    ("利比里亚 和 塞拉利昂 两国 政府 已 开会 。", "利比里亚和塞拉利昂两国政府", False),
])
def test_a_ministry_named_after_its_country_is_a_government_body(extract, text, name, present):
    assert (name in {m.entity.label("zh") for m in extract(text).mentions}) is present


def test_mongolia_by_its_official_chinese_name(extract):
    assert "Government of Mongolia" in mentioned(extract("蒙古国 政府 欢迎 该 决定 。"))


def test_a_body_word_belongs_to_the_organisation_written_right_before_it(extract):
    graph = extract("环境署 和 人居署 执行主任 访问 了 内罗毕 。")
    (body,) = [m.entity for m in graph.mentions if m.mention.kind == "body"]
    assert body.iri.startswith("https://w3id.org/unkg/id/UN-Habitat")


@pytest.mark.parametrize("text, lang, name, topic", [
    ("会议 审议 了 关于 渔业 的 指导 原则 。", "zh", "关于渔业的指导原则", "fisheries"),
    ("2010年 在 开罗 举行 了 第二 次 渔业 问题 国际 会议 。", "zh", "第二次渔业问题国际会议", "fisheries"),
    ("秘书处 就 可 再 生 能源 问题 举行 专家组 会议 。", "zh", "就可再生能源问题举行专家组会议", "可再生能源"),
    ("The Regional Conference on Fisheries was held in Cairo.", "en", "Regional Conference on Fisheries", "fisheries"),
])
def test_a_name_that_states_its_topic_concerns_it(extract, text, lang, name, topic):
    graph = extract(text, lang=lang)
    assert any(r.predicate == "concerns" and r.subject.label(lang) == name
               and topic in (label.lower() for label, _ in r.object.labels)
               for r in graph.relations), [(r.subject.label(), r.predicate, r.object.labels) for r in graph.relations]


@pytest.mark.parametrize("text, lang", [
    ("The Conference on Disarmament met in Geneva.", "en"),  # the name of an organisation
    ("2010年 在 开罗 举行 了 第二 次 海洋 渔业 问题 国际 会议 。", "zh"),  # no concept: one language's words alone
])
def test_a_name_states_no_topic_unless_it_is_a_concept(extract, text, lang):
    graph = extract(text, lang=lang)
    assert not [r for r in graph.relations if r.predicate == "concerns"]


@pytest.mark.parametrize("text, lang", [
    ("主管 法律事务 的 副 秘书长 和 助理 秘书长 出席 了 会议 。", "zh"),
    ("The Under-Secretary-General for Legal Affairs and an Assistant Secretary-General attended.", "en"),
    ("The Under Secretary General for Legal Affairs attended.", "en"),
])
def test_a_deputy_title_does_not_name_the_office_it_holds(extract, text, lang):
    mentioned = {m.entity.label("en") for m in extract(text, lang=lang).mentions}
    assert "Secretary-General of the United Nations" not in mentioned


def test_the_secretary_general_written_without_hyphen(extract):
    graph = extract("Taking note of the report of the Secretary General,", lang="en")
    assert ("Secretary-General of the United Nations", "publishes", "report of the Secretary General") in triples(graph)


def test_the_high_commissioner_named_by_title_is_the_paragraphs_earlier_name(extract):
    graph = extract("人居署 和 联合国 人权 事务 高级 专员 办事处 共同 执行 倡议 。 人居署 协助 高级 专员 执行 一个 项目 。")
    assert ("United Nations Human Settlements Programme", "supports",
            "Office of the United Nations High Commissioner for Human Rights") in triples(graph)


@pytest.mark.parametrize("text, lang", [
    ("人居署 发布 了 《 2007年 全球 人类 住区 报告 》 。", "zh"),
    ("UN-Habitat published the Global Report on Human Settlements 2007.", "en"),
    ("UN-Habitat published Global Report on Human Settlements 2007: Enhancing Urban Safety and Security.", "en"),
])
def test_an_edition_of_a_report_series_is_the_series(extract, text, lang):
    assert ("United Nations Human Settlements Programme", "publishes", "Global Report on Human Settlements") in \
        triples(extract(text, lang=lang))


@pytest.mark.parametrize("text", [
    "人居署 向 地方 和 国家 政府 提供 服务 。",  # kinds joined by 和
    "人居署 与 各自 区域 委员会 密切 合作 。",  # the respective commissions
    "人居署 与 区域 和 次 区域 组织 合作 。",  # regional and subregional organisations
    "欢迎 联合国 及其 他 国际 和 区域 组织 提供 的 合作 。",  # 及其 他: "and other", segmented wrongly
    "该 方案 与 两个 区域开发 银行 密切合作 。",  # two regional development banks: a number, then a kind
])
def test_a_name_made_of_kinds_alone_is_no_name(extract, text):
    assert not [m for m in extract(text).mentions if m.mention.kind == "shape"]


def test_a_name_that_describes_its_topic_concerns_it_as_written(extract):
    graph = extract("会议 审议 了 关于 普及 基本 服务 的 指导 原则 。")
    assert [(r.subject.label("zh"), r.object.label("zh")) for r in graph.relations if r.predicate == "concerns"] == \
        [("关于普及基本服务的指导原则", "普及基本服务")]


@pytest.mark.parametrize("text, lang", [
    ("会议 讨论 了 2015年 后 发展 议程 和 可 持续 发展 目标 。", "zh"),
    ("The meeting discussed the post-2015 development agenda and the Sustainable Development Goals.", "en"),
])
def test_development_agendas_are_topics_in_both_languages(extract, text, lang):
    topics = {m.entity.iri for m in extract(text, lang=lang).mentions if m.entity.type == "Topic"}
    assert {"https://w3id.org/unkg/id/Post-2015-Development-Agenda",
            "https://w3id.org/unkg/id/Sustainable-Development-Goals"} <= topics


def test_a_verb_that_governs_a_name_is_not_its_first_word(extract):
    graph = extract("目的 是 扩大 维多利亚 湖 用 水 和 环境 卫生 倡议 以 包括 15 个 城镇 。")
    assert "维多利亚湖用水和环境卫生倡议" in {m.entity.label("zh") for m in graph.mentions}


def test_the_advisory_group_named_by_title_is_the_paragraphs_earlier_one(extract):
    graph = extract("强制 驱逐 问题 咨询 小组 成员 来自 伙伴 。 咨询 小组 协助 举办 关于 强制 驱逐 的 培训 活动 。")
    assert ("Advisory Group on Forced Evictions", "supports", "关于强制驱逐的培训活动") in triples(graph)


@pytest.mark.parametrize("text, assembly", [
    ("请 大会 注意 该 报告 。", True),
    ("审议 大会 重申 条约 的 重要性 。", False),
    ("在 世界 大会 期间 ， 各国 重申 承诺 。", False),
    ("瑞士 在 原子能 机构 大会 提出 这一 问题 。", False),
])
def test_a_short_name_after_a_word_that_makes_it_another_bodys_head_is_not_that_name(extract, text, assembly):
    iris = {m.entity.iri for m in extract(text, lang="zh").mentions}
    assert ("https://w3id.org/unkg/id/General-Assembly" in iris) == assembly


@pytest.mark.parametrize("text, published", [
    ("Note by the Secretariat on the methods of work", True),
    ("The Committee took note of the report of the Board of Auditors.", True),
    ("Taking note of the Polisario Front proposal presented to the Secretary-General,", False),
    ("The Assembly takes note of the Vienna Declaration on Nuclear Safety.", False),
])
def test_to_take_note_of_something_is_no_note(extract, text, published):
    assert any(p == "publishes" for _, p, _ in triples(extract(text, lang="en"))) == published


@pytest.mark.parametrize("text, name, found", [
    ("格鲁吉亚 外交部 发表 声明 。", "格鲁吉亚外交部", True),
    ("部队 撤出 塞浦路斯 岛 北部 。", "塞浦路斯岛北部", False),
    ("委员会 加强 了 审查 和 内部 监督 。", "审查和内部", False),
    ("非洲 经济委员会 担负 本 次级 方案 的 实务 责任 。", "非洲经济委员会担负本次级方案", False),
])
def test_words_that_end_like_a_name_or_stop_one_are_no_name(extract, text, name, found):
    names = {"".join(m.mention.text.split()) for m in extract(text, lang="zh").mentions}
    assert (name in names) == found, names


def test_what_a_note_transmits_is_its_topic_without_the_verb(extract):
    graph = extract("秘书长 的 说明 ： 转递 外债 可 持续性 问题 研究", lang="zh")
    topics = {r.object.label("zh") for r in graph.relations if r.predicate == "concerns"}
    assert topics == {"外债可持续性问题研究"}, topics


@pytest.mark.parametrize("text, title", [
    ("缔约国 重申 《 条约 》 的 重要性 。", None),
    ("缔约国 重申 《 鹿特丹 公约 》 的 重要性 。", "鹿特丹公约"),
])
def test_a_title_that_is_only_a_generic_word_is_no_name(extract, text, title):
    titles = {"".join(m.mention.text.split()) for m in extract(text, lang="zh").mentions if m.mention.kind == "title"}
    assert titles == ({title} if title else set())


def test_a_title_states_its_topic_only_as_a_known_concept(extract):
    graph = extract("大会 通过 的 《 关于 增进 区域 安排 之间 合作 的 宣言 》 仍然 有效 。")
    assert not [r for r in graph.relations if r.predicate == "concerns"]


@pytest.mark.parametrize("text, author", [
    ("审议 委员会 提交 大会 第七十一届 会议 的 报告 。", None),
    ("我们 给 环境署 的 报告 指出 ， 进展 顺利 。", None),
    ("环境署 的 报告 指出 ， 进展 顺利 。", "United Nations Environment Programme"),
])
def test_a_chinese_report_to_a_body_is_not_its_report(extract, text, author):
    publishers = {s for s, p, o in triples(extract(text)) if p == "publishes"}
    assert publishers == ({author} if author else set())


def test_a_name_the_thesaurus_gives_a_kind_is_no_organisation(extract):
    graph = extract("人居署 与 区域开发 银行 合作 。")
    assert not [m for m in graph.mentions if m.mention.kind == "shape"]
    assert [m for m in extract("人居署 与 亚洲 城市 发展 银行 合作 。").mentions if m.mention.kind == "shape"]


def test_a_topic_phrase_does_not_hide_a_known_name_from_the_name_shapes(extract):
    graph = extract("委员会 审议 了 关于 各国 和 欧洲联盟 参加 大会 代表 全权 证书 的 备忘录 。")
    assert [m.mention.kind for m in graph.mentions if "欧洲联盟" in m.mention.text] == ["gazetteer"]


@pytest.mark.parametrize("text, publishes", [
    ("代表团 谨 提交 立陶宛 报告 ( 见 附件 ) 。", True),
    ("谨 随信 提交 关于 布隆迪 选举 进程 的 新闻稿 ( 见 附件 ) 。", False),
])
def test_a_report_right_after_its_author_before_a_bracket_is_a_noun(extract, text, publishes):
    assert bool([t for t in triples(extract(text)) if t[1] == "publishes"]) is publishes


def test_a_cross_reference_in_brackets_is_no_alias(extract):
    graph = extract("代表团 谨 提交 立陶宛 报告 ( 见 附件 ) 。\n谨 随信 提交 新闻稿 ( 见 附件 ) 。")
    assert [m.mention.paragraph for m in graph.mentions] == [1]


@pytest.mark.parametrize("text, name", [
    ("该 方案 多方 利益 攸关 方 咨询 委员会 在 巴黎 开会 。", "多方 利益 攸关 方 咨询 委员会"),
    ("该 非洲 城市 用水 方案 进展 顺利 。", "非洲 城市 用水 方案"),
])
def test_a_demonstrative_and_a_name_noun_name_the_owner_not_the_first_word(extract, text, name):
    assert [m.mention.text for m in extract(text).mentions if m.mention.kind == "shape"] == [name]


def test_an_edition_named_by_its_number_is_a_report(extract):
    graph = extract("第一 份 亚洲 城市 状况 报告 将 于 2009年 10月 散发 ， 该 报告 是 与 亚洲 及 太平洋 经济 社会 委员会 一 起 编写 的 。")
    assert ("Economic and Social Commission for Asia and the Pacific", "publishes", "第一份亚洲城市状况报告") in triples(graph)
