"""The field pack as a .docx: opens with python-docx, holds the 调阅清单 and the interview outline, and is laid
out as an office document (A4, margins, fonts with their East Asian names, a page number in the footer)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from core import roles
from core.models import UnitType
from guides.models import IntervieweeRole
from rounds.models import TeamMember
from tests.factories import (
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    InterviewQuestionFactory,
    ProblemCategoryFactory,
    UserFactory,
    client_for,
)
from tests.supervision.factories import make_point, team_with_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def downloaded():
    township = UnitType.objects.get(name="乡镇")
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory(), interviewee_role=IntervieweeRole.STAFF)
    question = InterviewQuestionFactory(guide=guide, question="惠民资金是怎样发放的？")
    make_point(
        title="惠民资金发放",
        category=ProblemCategoryFactory(),
        unit_types=[township],
        documents=[("惠民资金发放花名册", "核对身份")],
        red_flags=["同一账户领取多人补贴"],
        questions=[question],
    )
    team = team_with_units(township, name="第三组")
    member = UserFactory(role=roles.TRAINEE)
    TeamMember.objects.create(team=team, user=member)
    response = client_for(member).get(reverse("supervision:team_pack_docx", args=[team.pk]))
    return response


def test_the_docx_opens_and_holds_the_document_list_and_the_outline(downloaded):
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in downloaded["Content-Disposition"]
    document = Document(io.BytesIO(downloaded.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "第三组巡察工作手册" in text
    assert "调阅清单" in text and "惠民资金发放花名册（核对身份）" in text
    assert "谈话提纲" in text and "惠民资金是怎样发放的？" in text
    assert str(IntervieweeRole.STAFF.label) in text  # the outline's role heading
    assert "同一账户领取多人补贴" in text


def test_the_docx_has_the_office_layout_and_fonts(downloaded):
    document = Document(io.BytesIO(downloaded.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
    assert [round(m.mm) for m in (section.left_margin, section.right_margin)] == [28, 26]

    def east_asian(paragraph) -> set[str]:
        return {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in paragraph.runs}

    def sizes(paragraph) -> set[float]:
        return {run.font.size.pt for run in paragraph.runs}

    title = document.paragraphs[0]
    assert east_asian(title) == {"方正小标宋简体"} and sizes(title) == {22}
    heading = next(p for p in document.paragraphs if p.text.startswith("二、调阅清单"))
    assert east_asian(heading) == {"黑体"} and sizes(heading) == {16}
    body = next(p for p in document.paragraphs if "惠民资金发放花名册" in p.text)
    assert east_asian(body) == {"仿宋_GB2312"} and sizes(body) == {16}
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
