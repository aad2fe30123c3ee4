"""guides.documents called directly: the blank interview record (.docx) and its download file name."""

import io
import re
from email.message import Message

import pytest
from docx import Document

from guides.documents import build_interview_record, record_filename
from tests.factories import GuideIndexPageFactory, InterviewGuidePageFactory, InterviewQuestionFactory

pytestmark = pytest.mark.django_db


def _paragraphs(content: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs]


def _table_labels(content: bytes) -> list[str]:
    [table] = Document(io.BytesIO(content)).tables
    return [row.cells[0].text for row in table.rows]


@pytest.fixture
def guide():
    return InterviewGuidePageFactory(parent=GuideIndexPageFactory(), title="与一把手谈话（文档测试）")


def test_the_record_is_a_word_document_naming_the_guide_with_a_table_for_who_when_and_where(guide):
    content = build_interview_record(guide=guide)

    assert content[:2] == b"PK"  # a .docx is a zip package
    paragraphs = _paragraphs(content)
    assert paragraphs[0] == "谈话记录"
    assert f"（参照：{guide.title}）" in paragraphs
    labels = _table_labels(content)
    assert {"谈话时间", "谈话地点", "谈话人（两人以上）", "记录人", "谈话对象姓名"} <= set(labels)


def test_the_questions_are_numbered_in_the_guides_order_with_their_follow_ups(guide):
    # Saved out of order: the editor's order (sort_order) numbers them, not the order of saving.
    InterviewQuestionFactory(guide=guide, sort_order=1, question="干部选拔有没有事先酝酿？", follow_ups="")
    InterviewQuestionFactory(
        guide=guide,
        sort_order=0,
        question="班子议事规则是怎样执行的？",
        follow_ups="最近一次党组会讨论了什么？\n\n  谁提出的议题？  ",
    )

    paragraphs = _paragraphs(build_interview_record(guide=guide))

    questions = [text for text in paragraphs if re.match(r"问\d+：", text)]
    assert questions == ["问1：班子议事规则是怎样执行的？", "问2：干部选拔有没有事先酝酿？"]
    follow_ups = [text for text in paragraphs if text.startswith("（追问）")]
    assert follow_ups == ["（追问）最近一次党组会讨论了什么？", "（追问）谁提出的议题？"]
    # Each follow-up sits under its own question, and each question is followed by room for the answer.
    first, second = paragraphs.index(questions[0]), paragraphs.index(questions[1])
    assert first < paragraphs.index(follow_ups[1]) < second
    assert "答：" in paragraphs[first:second]
    assert "答：" in paragraphs[second:]


def test_a_guide_without_questions_still_gives_a_record_to_fill_in(guide):
    paragraphs = _paragraphs(build_interview_record(guide=guide))
    assert not [text for text in paragraphs if re.match(r"问\d+：", text)]
    assert "谈话内容" in paragraphs
    assert "其他需要说明的情况：" in paragraphs


def test_the_discipline_reminders_are_the_guides_own(guide):
    guide.discipline_reminders = "<p>谈话前请关闭手机。</p><p>不得<b>单独</b>谈话。</p>"
    guide.save()

    paragraphs = _paragraphs(build_interview_record(guide=guide))

    assert "· 谈话前请关闭手机。" in paragraphs
    assert "· 不得单独谈话。" in paragraphs
    # The default list is replaced, not added to.
    assert not any("两名以上巡察人员" in text for text in paragraphs)


def test_the_default_discipline_reminders_are_listed_one_per_line(guide):
    paragraphs = _paragraphs(build_interview_record(guide=guide))
    reminders = [text for text in paragraphs if text.startswith("· ")]
    assert len(reminders) == 4
    assert "· 个别谈话须由两名以上巡察人员共同进行，不得单独谈话。" in reminders


@pytest.mark.parametrize(
    "title", ["与一把手谈话（文档测试）", 'Interview: the "top" leader; round 3, part 1', "与 班子成员 谈话（2025）"]
)
def test_the_download_is_named_after_the_guide_whatever_its_title(title, trainee_client):
    """record_filename names the file; the served Content-Disposition must carry that name intact, quotes and all."""
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory(), title=title)

    filename = record_filename(guide=guide)
    response = trainee_client.get(guide.url + "interview-record/")

    assert filename.startswith("谈话记录-") and filename.endswith(".docx")
    assert title in filename
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    assert header.get_content_disposition() == "attachment"
    assert header.get_filename() == filename
