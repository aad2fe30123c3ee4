"""What the report-writing app holds about a person, for their own data export and for anonymising them
(privacy). A draft is the writer's own words on training material; the marks stay for the statistics."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.labels import field_label
from report_writing.models import DraftComment, DraftSection, ProblemEntry, ProblemEvidence, Recommendation, ReportDraft


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's report drafts as plain rows, one per draft, with the words they wrote."""
    drafts = (
        ReportDraft.objects.filter(writer=user)
        .prefetch_related("sections", "problems__evidence", "recommendations", "comments")
        .order_by("created_at", "pk")
    )
    rows = []
    for draft in drafts:
        sections = "\n".join(f"{s.title}：{s.text}" for s in draft.sections.all() if s.text)
        problems = "\n".join(
            f"{p.fact}（{p.responsible_party}）" if p.responsible_party else p.fact for p in draft.problems.all()
        )
        notes = "\n".join(e.note for p in draft.problems.all() for e in p.evidence.all() if e.note)
        recommendations = "\n".join(r.text for r in draft.recommendations.all())
        rows.append(
            {
                field_label(ReportDraft, "created_at"): draft.created_at,
                field_label(ReportDraft, "title"): draft.title,
                field_label(ReportDraft, "status"): draft.get_status_display(),
                _("Sections"): sections,
                _("Problems"): problems,
                _("Evidence notes"): notes,
                _("Recommendations"): recommendations,
                _("Marks"): draft.rubric_total,
                field_label(ReportDraft, "marker_comment"): draft.marker_comment,
                _("Inline comments"): "\n".join(c.text for c in draft.comments.all()),
            }
        )
    return {_("Report writing"): rows}


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace everything the person wrote in their drafts (and the comments written on them, which quote it);
    structure, categories, articles and marks stay. Returns the number of drafts changed."""
    with transaction.atomic():
        drafts = ReportDraft.objects.filter(writer=user)
        count = drafts.exclude(title=placeholder).count()
        drafts.update(title=placeholder, marker_comment="")
        DraftSection.objects.filter(draft__writer=user).exclude(text="").update(text=placeholder)
        ProblemEntry.objects.filter(draft__writer=user).update(fact=placeholder, responsible_party="")
        ProblemEvidence.objects.filter(problem__draft__writer=user).update(note="")
        Recommendation.objects.filter(draft__writer=user).update(text=placeholder, lead_party="")
        DraftComment.objects.filter(draft__writer=user).update(text=placeholder)
        return count
