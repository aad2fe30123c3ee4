"""A team's field pack: the points for its units' types, the 调阅清单 once per document, the interview outline by
role, the red flags, in the same number of queries for a small and a large team."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import UnitType
from guides.models import IntervieweeRole
from supervision.packs import field_pack
from tests.factories import (
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    InterviewQuestionFactory,
    ProblemCategoryFactory,
    UnitTypeFactory,
)
from tests.supervision.factories import make_point, team_with_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def types():
    return {name: UnitType.objects.get(name=name) for name in ("乡镇", "村", "国企")}


def titles(points) -> list[str]:
    return [p.title for p in points]


def test_the_pack_holds_the_points_of_its_units_types_grouped_by_unit_then_top_category(types):
    discipline = ProblemCategoryFactory(name="测试纪律", sort_order=1)
    integrity = ProblemCategoryFactory(name="测试廉洁", parent=discipline)
    personnel = ProblemCategoryFactory(name="测试选任", sort_order=2)
    make_point(title="乡镇三资", category=integrity, unit_types=[types["乡镇"]])
    make_point(title="村务公开", category=discipline, unit_types=[types["村"]])
    make_point(title="国企招聘", category=personnel, unit_types=[types["国企"]])
    make_point(title="干部选任", category=personnel, unit_types=[types["乡镇"], types["村"]])
    make_point(title="草稿要点", category=personnel, unit_types=[types["乡镇"]], live=False)
    team = team_with_units(types["乡镇"], types["村"])

    pack = field_pack(team=team)

    assert sorted(titles(pack.points)) == ["乡镇三资", "干部选任", "村务公开"]
    township, village = pack.units
    assert township.unit.unit_type == types["乡镇"]
    assert [(g.category.name, titles(e.point for e in g.entries)) for g in township.groups] == [
        ("测试纪律", ["乡镇三资"]),  # a sub-type's point sits under its top-level category
        ("测试选任", ["干部选任"]),
    ]
    assert [(g.category.name, titles(e.point for e in g.entries)) for g in village.groups] == [
        ("测试纪律", ["村务公开"]),
        ("测试选任", ["干部选任"]),
    ]
    assert (township.applicable, township.covered) == (2, 0)


def test_the_document_list_names_each_document_once_with_every_point_that_asks_for_it(types):
    category = ProblemCategoryFactory()
    first = make_point(
        title="三重一大", category=category, unit_types=[types["乡镇"]], documents=["党委会议记录", "财务凭证"]
    )
    second = make_point(
        title="工程项目",
        category=category,
        unit_types=[types["乡镇"]],
        documents=[" 党委 会议记录", ("合同台账", "看签订日期与付款日期")],
    )
    make_point(title="别的单位", category=category, unit_types=[types["国企"]], documents=["国企专有资料"])
    team = team_with_units(types["乡镇"])

    documents = field_pack(team=team).documents

    assert [d.name for d in documents] == ["党委会议记录", "财务凭证", "合同台账"]
    assert documents[0].points == [first, second]
    assert documents[2].notes == ["看签订日期与付款日期"]


def test_the_outline_groups_the_linked_questions_by_their_guides_interviewee_role(types):
    index = GuideIndexPageFactory()
    leader_guide = InterviewGuidePageFactory(parent=index, interviewee_role=IntervieweeRole.TOP_LEADER)
    staff_guide = InterviewGuidePageFactory(parent=index, interviewee_role=IntervieweeRole.STAFF)
    public_guide = InterviewGuidePageFactory(parent=index, interviewee_role=IntervieweeRole.PUBLIC)
    leader_q = InterviewQuestionFactory(guide=leader_guide, question="班子怎样议事？")
    staff_q = InterviewQuestionFactory(guide=staff_guide, question="福利怎样发放？")
    public_q = InterviewQuestionFactory(guide=public_guide, question="补贴到账了吗？")
    category = ProblemCategoryFactory()
    first = make_point(category=category, unit_types=[types["村"]], questions=[staff_q, leader_q])
    second = make_point(category=category, unit_types=[types["村"]], questions=[leader_q])
    make_point(category=category, unit_types=[types["国企"]], questions=[public_q])

    outline = field_pack(team=team_with_units(types["村"])).outline

    assert [group.role for group in outline] == [IntervieweeRole.TOP_LEADER, IntervieweeRole.STAFF]
    questions = [[e.question.question for e in group.questions] for group in outline]
    assert questions == [["班子怎样议事？"], ["福利怎样发放？"]]
    assert set(outline[0].questions[0].points) == {first, second}


def test_red_flags_are_listed_once_each(types):
    category = ProblemCategoryFactory()
    make_point(category=category, unit_types=[types["村"]], red_flags=["账外资金", "合同无编号"])
    make_point(category=category, unit_types=[types["村"]], red_flags=["账外资金"])

    flags = field_pack(team=team_with_units(types["村"])).red_flags

    assert [f.text for f in flags] == ["账外资金", "合同无编号"]
    assert len(flags[0].points) == 2


def test_a_team_without_units_gets_an_empty_pack(types):
    make_point(unit_types=[types["村"]])
    pack = field_pack(team=team_with_units())
    assert pack.units == [] and pack.points == [] and pack.documents == []


def _pack_queries(team) -> int:
    with CaptureQueriesContext(connection) as queries:
        pack = field_pack(team=team)
        # Touch everything the page and the .docx read.
        for section in pack.units:
            for group in section.groups:
                for entry in group.entries:
                    _ = (entry.point.title, entry.point.category.name, entry.tick and entry.tick.ticked_by.username)
        _ = [(d.name, [p.title for p in d.points]) for d in pack.documents]
        _ = [(e.question.guide.title, e.question.guide.interviewee_role) for g in pack.outline for e in g.questions]
        _ = [f.text for f in pack.red_flags]
    return len(queries)


def test_building_a_pack_takes_the_same_queries_for_two_units_as_for_six(types):
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory())
    questions = [InterviewQuestionFactory(guide=guide) for _ in range(4)]
    top = ProblemCategoryFactory()
    categories = [top, ProblemCategoryFactory(parent=top), ProblemCategoryFactory()]
    more_types = [*types.values(), UnitTypeFactory(), UnitTypeFactory(), UnitTypeFactory()]
    for n, unit_type in enumerate(more_types):
        for k in range(3):
            make_point(
                category=categories[(n + k) % 3],
                unit_types=[unit_type, more_types[(n + 1) % 6]],
                documents=[f"资料{n}-{k}", "会议记录"],
                red_flags=[f"信号{n}-{k}"],
                questions=questions[k : k + 2],
            )
    small, large = team_with_units(*more_types[:2]), team_with_units(*more_types)

    assert _pack_queries(small) == _pack_queries(large)
    assert len(field_pack(team=large).points) > len(field_pack(team=small).points)
