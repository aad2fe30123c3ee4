"""page_text reads any page: its text fields, rich text as text, StreamField strings and child rows."""

import pytest

from desensitisation.page_text import page_text
from desensitisation.selectors import page_flags
from tests.factories import CaseIndexPageFactory, CasePageFactory, InterviewGuidePageFactory, InterviewQuestionFactory
from tests.rounds.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_a_case_gives_its_fields_with_rich_text_as_plain_text():
    case = CasePageFactory(
        parent=CaseIndexPageFactory(),
        title="某局违规发放补贴案",
        facts="<p>局长<b>李建国</b>收受现金4.2万元。</p><ul><li>第二段</li></ul>",
    )
    texts = dict(page_text(case))
    assert texts["标题"] == "某局违规发放补贴案"
    assert texts["基本事实（已脱敏）"] == "局长李建国收受现金4.2万元。\n第二段"
    assert "slug" not in " ".join(texts) and case.slug not in texts.values()


def test_a_lesson_gives_the_strings_of_its_stream_and_skips_ids():
    lesson = LessonPageFactory(body=[("text", "<p>联系人电话13812345678</p>")])
    lesson.save()
    texts = page_text(lesson)
    stream = [text for label, text in texts if label == "课程"]
    assert stream == ["联系人电话13812345678"]
    block_id = lesson.body.raw_data[0]["id"]
    assert not any(block_id in text for _, text in texts)


def test_a_guide_gives_the_text_of_its_questions():
    guide = InterviewGuidePageFactory(parent=CaseIndexPageFactory(), summary="与主要负责人谈话。")
    InterviewQuestionFactory(guide=guide, question="书记王小明是否参与？", watch_for="")
    labels = [label for label, text in page_text(guide) if "王小明" in text]
    assert len(labels) == 1 and "1" in labels[0]
    assert [flag.text for flag in page_flags(page=guide)] == ["王小明"]


def test_the_check_reads_the_latest_draft_not_the_live_page():
    case = CasePageFactory(parent=CaseIndexPageFactory(), facts="<p>某单位存在问题。</p>")
    case.save_revision().publish()
    assert page_flags(page=case) == []
    case.facts = "<p>会计刘芳虚报冒领。</p>"
    case.save_revision()
    assert [flag.text for flag in page_flags(page=case)] == ["刘芳"]
