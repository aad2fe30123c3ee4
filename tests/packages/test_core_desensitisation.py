"""Nothing leaves with an uncleared 脱敏 flag; the manifest records each clearance; only the published text leaves."""

import pytest

from core.roles import EDITOR, REVIEWER
from packages import exporting
from packages.exporting import ExportError
from packages.format import read_package
from packages.models import ExportStatus, OfficeIdentity
from packages.selectors import export_report
from tests.factories import CaseIndexPageFactory, CasePageFactory, UserFactory
from tests.packages.sending import SENDER, be
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
OLD_ID = "110105491231002"


@pytest.fixture
def people():
    be(SENDER)
    return UserFactory(role=EDITOR), UserFactory(role=REVIEWER)


def _case(facts: str):
    case = CasePageFactory(parent=CaseIndexPageFactory(), facts=f"<p>{facts}</p>")
    case.save_revision().publish()
    return case


def test_a_package_with_an_uncleared_flag_cannot_be_approved(people):
    preparer, reviewer = people
    case = _case(f"举报人电话{PHONE}。")
    export = exporting.create_export(user=preparer, title="示例", items=[("case", case.pk)])

    assert export_report(export=export).uncleared == 1
    with pytest.raises(ExportError) as refused:
        exporting.approve_export(export=export, reviewer=reviewer)

    assert "1 处" in refused.value.message
    export.refresh_from_db()
    assert export.status == ExportStatus.DRAFT and export.file is None


def test_a_cleared_flag_lets_it_leave_and_the_manifest_says_who_cleared_it_and_why(people):
    preparer, reviewer = people
    case = _case(f"举报人电话{PHONE}。")
    export = exporting.create_export(user=preparer, title="示例", items=[("case", case.pk)])
    exporting.clear_item_flag(
        export=export,
        kind="case",
        object_id=case.pk,
        flag_kind="phone",
        text=PHONE,
        reason="虚构号码",
        reviewer=reviewer,
    )

    approved = exporting.approve_export(export=export, reviewer=reviewer)

    record = read_package(bytes(approved.file)).manifest["desensitisation"]
    assert record["flags_found"] == 1
    assert [(c["text"], c["reason"], c["cleared_by"]) for c in record["cleared"]] == [
        (PHONE, "虚构号码", reviewer.get_full_name() or reviewer.get_username())
    ]


def test_fixing_the_text_instead_needs_no_clearance(people):
    preparer, reviewer = people
    case = _case(f"举报人电话{PHONE}。")
    export = exporting.create_export(user=preparer, title="示例", items=[("case", case.pk)])
    draft = case.get_latest_revision_as_object()
    draft.facts = "<p>举报人电话（略）。</p>"
    draft.save_revision().publish()

    approved = exporting.approve_export(export=export, reviewer=reviewer)

    assert approved.status == ExportStatus.APPROVED
    assert read_package(bytes(approved.file)).manifest["desensitisation"]["cleared"] == []


def test_only_the_published_text_leaves_and_only_it_is_checked(people):
    preparer, reviewer = people
    case = _case("某单位存在问题。")
    draft = case.get_latest_revision_as_object()
    draft.facts = f"<p>草稿里写了电话{PHONE}。</p>"
    draft.save_revision()  # not published
    export = exporting.create_export(user=preparer, title="示例", items=[("case", case.pk)])

    approved = exporting.approve_export(export=export, reviewer=reviewer)

    contents = read_package(bytes(approved.file))
    assert PHONE not in str(contents.items[0]["data"])


def test_a_question_is_checked_and_cleared_in_the_package(people):
    preparer, reviewer = people
    question = QuestionFactory(stem=f"某人身份证号{OLD_ID}，应如何处理？")
    export = exporting.create_export(user=preparer, title="示例", items=[("question", question.pk)])
    flags = export_report(export=export).entries[0].uncleared
    assert [(f.kind, f.text) for f in flags] == [("id_number", OLD_ID)]

    exporting.clear_item_flag(
        export=export,
        kind="question",
        object_id=question.pk,
        flag_kind="id_number",
        text=OLD_ID,
        reason="虚构号码",
        reviewer=reviewer,
    )

    assert export_report(export=export).uncleared == 0
    assert exporting.approve_export(export=export, reviewer=reviewer).status == ExportStatus.APPROVED


def test_an_editor_cannot_clear_and_nobody_approves_their_own_package(people):
    preparer, reviewer = people
    question = QuestionFactory(stem=f"某人身份证号{OLD_ID}。")
    export = exporting.create_export(user=reviewer, title="示例", items=[("question", question.pk)])

    with pytest.raises(ExportError):
        exporting.clear_item_flag(
            export=export,
            kind="question",
            object_id=question.pk,
            flag_kind="id_number",
            text=OLD_ID,
            reason="虚构",
            reviewer=preparer,
        )
    with pytest.raises(ExportError) as own:
        exporting.approve_export(export=export, reviewer=reviewer)
    assert "另一人" in own.value.message


def test_a_package_needs_the_office_named_and_published_items(people):
    preparer, reviewer = people
    draft_only = CasePageFactory(parent=CaseIndexPageFactory(), live=False)

    with pytest.raises(ExportError) as unpublished:
        exporting.create_export(user=preparer, title="示例", items=[("case", draft_only.pk)])
    assert "尚未发布" in unpublished.value.message

    OfficeIdentity.objects.all().delete()
    export = exporting.create_export(user=preparer, title="示例", items=[("question", QuestionFactory().pk)])
    with pytest.raises(ExportError) as unnamed:
        exporting.approve_export(export=export, reviewer=reviewer)
    assert "本办名称" in unnamed.value.message


def test_a_new_version_of_a_package_keeps_its_key(people):
    preparer, _reviewer = people
    question = QuestionFactory()
    first = exporting.create_export(user=preparer, title="示例题库", items=[("question", question.pk)])
    second = exporting.create_export(user=preparer, title="示例题库", key=first.key, items=[("question", question.pk)])

    assert (second.key, second.version) == (first.key, 2)
