"""Report drafts in a person's data: their own export holds what they wrote; anonymising replaces it (and the
comments that quote it) and keeps the structure and the marks."""

import pytest
from django.utils import timezone

from privacy import services
from privacy.selectors import personal_data
from report_writing.models import DraftComment, DraftSection, ProblemEntry, Recommendation, ReportDraft
from tests.factories import UserFactory
from tests.report_writing.factories import (
    ProblemEntryFactory,
    ProblemEvidenceFactory,
    RecommendationFactory,
    ReportDraftFactory,
)

pytestmark = pytest.mark.django_db

FACT = "示例：某局2025年3次以会议费名义列支接待费用。"
BASIC = "示例：该局下设5个股室。"
ADVICE = "示例：清理会议费列支。"


def written_by(person):
    draft = ReportDraftFactory(writer=person, texts={"basic": BASIC}, facts_clear=2, marked_at=timezone.now())
    problem = ProblemEntryFactory(draft=draft, fact=FACT, responsible_party="局党组")
    ProblemEvidenceFactory(problem=problem, note="示例：会议费报销凭证")
    RecommendationFactory(draft=draft, text=ADVICE, problems=[problem])
    DraftComment.objects.create(draft=draft, problem=problem, text=f"引用：{FACT}", created_at=timezone.now())
    return draft


def test_the_own_export_holds_the_drafts_words():
    person = UserFactory()
    written_by(person)
    written_by(UserFactory())
    section = personal_data(user=person)["报告写作"]
    assert len(section) == 1
    text = repr(section)
    assert FACT in text and BASIC in text and ADVICE in text and "会议费报销凭证" in text and "局党组" in text


def test_anonymising_replaces_the_words_and_keeps_the_structure_and_marks():
    person, other = UserFactory(), UserFactory()
    draft = written_by(person)
    kept = written_by(other)
    changed = services.anonymise_person(subject=person, actor=UserFactory())
    assert changed["report_drafts"] == 1
    text = repr(personal_data(user=person))
    assert FACT not in text and BASIC not in text and ADVICE not in text and "局党组" not in text
    draft.refresh_from_db()
    assert draft.facts_clear == 2 and draft.problems.count() == 1 and draft.recommendations.count() == 1
    assert ProblemEntry.objects.get(draft=draft).fact == services.PLACEHOLDER
    assert DraftSection.objects.get(draft=draft, role="basic").text == services.PLACEHOLDER
    assert DraftComment.objects.get(draft=draft).text == services.PLACEHOLDER
    # Someone else's draft is untouched.
    assert ProblemEntry.objects.get(draft=kept).fact == FACT
    assert Recommendation.objects.get(draft=kept).text == ADVICE
    assert ReportDraft.objects.get(pk=kept.pk).title != services.PLACEHOLDER
