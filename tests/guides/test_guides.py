import io

import pytest
from django.test import Client
from docx import Document
from wagtail.test.utils import WagtailPageTestCase

from guides.models import GuideIndexPage, IntervieweeRole, InterviewGuidePage
from tests.factories import GuideIndexPageFactory, InterviewGuidePageFactory, InterviewQuestionFactory, UserFactory


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def guide(db):
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory(), title="与一把手谈话（测试）")
    InterviewQuestionFactory(
        guide=guide, question="班子议事规则是怎样执行的？", follow_ups="最近一次党组会讨论了什么？"
    )
    InterviewQuestionFactory(guide=guide, question="干部选拔有没有事先酝酿？", follow_ups="")
    return guide


def test_blank_interview_record_is_a_word_file_with_the_guides_questions(guide, trainee_client: Client):
    response = trainee_client.get(guide.url + "interview-record/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    text = _docx_text(response.content)
    assert "谈话记录" in text
    assert "问1：班子议事规则是怎样执行的？" in text
    assert "（追问）最近一次党组会讨论了什么？" in text
    assert "问2：干部选拔有没有事先酝酿？" in text
    assert "谈话人（两人以上）" in text and "谈话对象签字" in text
    # The discipline reminders come from the guide, so an editor's change reaches the printout.
    assert "两名以上巡察人员" in text


def test_guide_page_lists_questions_in_order_with_prompts_and_print_styles(guide, trainee_client: Client):
    html = trainee_client.get(guide.url).content.decode()
    first, second = html.index("班子议事规则"), html.index("干部选拔")
    assert first < second
    assert "最近一次党组会讨论了什么？" in html
    assert "只谈成绩不谈问题。" in html
    assert 'media="print"' in html and "data-print" in html
    assert "interview-record/" in html


def test_guide_index_groups_guides_by_interviewee_role_in_role_order(db, trainee_client: Client):
    index = GuideIndexPageFactory()
    InterviewGuidePageFactory(parent=index, title="群众谈话", interviewee_role=IntervieweeRole.PUBLIC)
    InterviewGuidePageFactory(parent=index, title="一把手谈话", interviewee_role=IntervieweeRole.TOP_LEADER)
    InterviewGuidePageFactory(parent=index, title="草稿指南", interviewee_role=IntervieweeRole.STAFF, live=False)
    html = trainee_client.get(index.url).content.decode()
    assert html.index("一把手谈话") < html.index("群众谈话")
    assert "草稿指南" not in html
    assert "服务对象/群众" in html and "一般干部" not in html


@pytest.mark.django_db
class TestGuidePages(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(UserFactory())

    def test_guide_renders_and_lives_only_in_the_guide_library(self):
        guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory())
        InterviewQuestionFactory(guide=guide)
        self.assertPageIsRenderable(guide)
        self.assertPageIsRoutable(guide, "interview-record/")
        self.assertAllowedParentPageTypes(InterviewGuidePage, {GuideIndexPage})
