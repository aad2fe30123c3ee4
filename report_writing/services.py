"""Every write of the report-writing app: drafts, their sections, problem entries, evidence, recommendations,
submission and marking. Module-level, keyword-only, atomic.

Only the writer writes a draft, and only while it is being written (DraftStatus.WRITING); every write bumps the
draft's updated_at. Bad input raises DraftError with a Chinese message and leaves nothing half-written."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.api import ProblemCategory
from regulations.api import existing_article_ids
from report_writing.models import (
    DraftSection,
    DraftStatus,
    EvidenceSource,
    ProblemEntry,
    ProblemEvidence,
    Recommendation,
    RectificationDeadline,
    ReportDraft,
    ReportExercisePage,
    ReportOutline,
    Responsibility,
    Severity,
)
from report_writing.models.drafts import FACT_MAX_LENGTH

SECTION_MAX_LENGTH = 5000
TITLE_MAX_LENGTH = 100
RECOMMENDATION_MAX_LENGTH = 500
PARTY_MAX_LENGTH = 60
NOTE_MAX_LENGTH = 200
MAX_EVIDENCE_ROWS = 20


class DraftError(Exception):
    """A write refused, with the reason to show the writer."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _locked(draft: ReportDraft, writer) -> ReportDraft:
    """The draft, locked for this write, if it is the writer's and still being written."""
    try:
        locked = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    except ReportDraft.DoesNotExist:
        raise DraftError(_("This draft no longer exists.")) from None
    if locked.writer_id != writer.pk:
        raise DraftError(_("Only the writer may change this draft."))
    if locked.status != DraftStatus.WRITING:
        raise DraftError(_("This draft has been handed in and can no longer be changed."))
    return locked


def _touch(draft: ReportDraft) -> None:
    draft.updated_at = timezone.now()
    draft.save(update_fields=["updated_at"])


# -- drafts ---------------------------------------------------------------------------------------------------------


def start_draft(
    *, writer, title: str = "", outline: ReportOutline | None = None, exercise: ReportExercisePage | None = None
) -> ReportDraft:
    """A new draft with the outline's sections copied in; for an exercise, the writer's open draft of it if any."""
    if exercise is not None:
        open_draft = ReportDraft.objects.filter(
            writer=writer, exercise_id=exercise.pk, status=DraftStatus.WRITING
        ).first()
        if open_draft is not None:
            return open_draft
        # A new try once the last one is marked; not while it waits, so the queue holds one draft per exercise.
        if ReportDraft.objects.filter(writer=writer, exercise_id=exercise.pk, status=DraftStatus.SUBMITTED).exists():
            raise DraftError(_("Your last draft of this exercise is waiting to be marked; write again once it is."))
        outline = exercise.outline or outline
        title = title or exercise.title
    if outline is None:
        outline = ReportOutline.objects.filter(is_default=True).first()
    if outline is None:
        raise DraftError(_("No report outline has been set up yet. Please contact an editor."))
    title = (title or "").strip() or _("Practice report")
    if len(title) > TITLE_MAX_LENGTH:
        raise DraftError(_("The title is too long (at most %(max)s characters).") % {"max": TITLE_MAX_LENGTH})
    sections = list(outline.sections.order_by("sort_order", "pk"))
    if not sections:
        raise DraftError(_("No report outline has been set up yet. Please contact an editor."))
    now = timezone.now()
    try:
        with transaction.atomic():
            draft = ReportDraft.objects.create(
                writer=writer,
                title=title,
                outline=outline,
                exercise_id=exercise.pk if exercise is not None else None,
                created_at=now,
                updated_at=now,
            )
            DraftSection.objects.bulk_create(
                DraftSection(
                    draft=draft,
                    position=position,
                    title=section.title,
                    role=section.role,
                    guidance=section.guidance,
                    in_feedback=section.in_feedback,
                )
                for position, section in enumerate(sections)
            )
    except IntegrityError:
        if exercise is None:
            raise
        # A double tap on 开始写作: the first request's draft is the draft.
        return ReportDraft.objects.get(writer=writer, exercise_id=exercise.pk, status=DraftStatus.WRITING)
    return draft


@transaction.atomic
def save_sections(*, draft: ReportDraft, writer, texts: dict[int, str]) -> None:
    """Save the section texts by position; positions the draft does not have are refused."""
    draft = _locked(draft, writer)
    sections = {s.position: s for s in draft.sections.all()}
    changed = []
    for position, text in texts.items():
        section = sections.get(position)
        if section is None:
            raise DraftError(_("This draft has no such section. Reload the page and try again."))
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > SECTION_MAX_LENGTH:
            raise DraftError(
                _("“%(title)s” is too long (at most %(max)s characters).")
                % {"title": section.title, "max": SECTION_MAX_LENGTH}
            )
        if section.text != text:
            section.text = text
            changed.append(section)
    DraftSection.objects.bulk_update(changed, ["text"])
    _touch(draft)


@transaction.atomic
def delete_draft(*, draft: ReportDraft, writer) -> None:
    draft = _locked(draft, writer)
    draft.delete()


@transaction.atomic
def submit_draft(*, draft: ReportDraft, writer) -> ReportDraft:
    """Hand an exercise draft in for marking."""
    draft = _locked(draft, writer)
    if draft.exercise_id is None:
        raise DraftError(_("Only a draft written for an exercise can be handed in for marking."))
    has_text = draft.sections.exclude(text="").exists()
    if not has_text and not draft.problems.exists() and not draft.recommendations.exists():
        raise DraftError(_("The draft is empty: write something before handing it in."))
    now = timezone.now()
    draft.status = DraftStatus.SUBMITTED
    draft.submitted_at = now
    draft.updated_at = now
    draft.save(update_fields=["status", "submitted_at", "updated_at"])
    return draft


# -- problem entries ------------------------------------------------------------------------------------------------


def _clean_fact(fact: str) -> str:
    fact = " ".join((fact or "").split())
    if not fact:
        raise DraftError(_("Write the fact of the problem in one sentence."))
    if len(fact) > FACT_MAX_LENGTH:
        raise DraftError(_("The fact is too long (at most %(max)s characters).") % {"max": FACT_MAX_LENGTH})
    if fact.rstrip("。").count("。") > 0:
        raise DraftError(_("Write the fact as one sentence: split several facts into several problems."))
    return fact


def _clean_evidence(evidence: list[tuple[str, int, str]]) -> list[tuple[str, int, str]]:
    sources = set(EvidenceSource.values)
    rows = []
    for source, count, note in evidence:
        if source not in sources:
            raise DraftError(_("Choose the source type of each evidence row."))
        try:
            count = int(count)
        except (TypeError, ValueError):
            raise DraftError(_("Give how many sources as a number from 1 to 99.")) from None
        if not 1 <= count <= 99:
            raise DraftError(_("Give how many sources as a number from 1 to 99."))
        note = (note or "").strip()
        if len(note) > NOTE_MAX_LENGTH:
            raise DraftError(_("An evidence note is too long (at most %(max)s characters).") % {"max": NOTE_MAX_LENGTH})
        rows.append((source, count, note))
    if len(rows) > MAX_EVIDENCE_ROWS:
        raise DraftError(_("Too many evidence rows."))
    return rows


def save_problem(
    *,
    draft: ReportDraft,
    writer,
    problem: ProblemEntry | None = None,
    fact: str,
    category_ids: list[int],
    severity: str,
    article_ids: list[int],
    evidence: list[tuple[str, int, str]],
    responsible_party: str = "",
    responsibility: str = "",
) -> ProblemEntry:
    """Create or update a problem entry with its categories, articles and evidence rows."""
    fact = _clean_fact(fact)
    if severity not in Severity.values:
        raise DraftError(_("Choose how serious the problem is."))
    if responsibility and responsibility not in Responsibility.values:
        raise DraftError(_("Choose a kind of responsibility from the list."))
    responsible_party = (responsible_party or "").strip()
    if len(responsible_party) > PARTY_MAX_LENGTH:
        raise DraftError(
            _("The responsible body or post is too long (at most %(max)s characters).") % {"max": PARTY_MAX_LENGTH}
        )
    category_ids = list(dict.fromkeys(category_ids))
    if ProblemCategory.objects.filter(pk__in=category_ids).count() != len(category_ids):
        raise DraftError(_("A chosen category no longer exists. Choose again."))
    article_ids = list(dict.fromkeys(article_ids))
    if len(existing_article_ids(article_ids=article_ids)) != len(article_ids):
        raise DraftError(_("A chosen article no longer exists. Search and tick it again."))
    rows = _clean_evidence(evidence)
    with transaction.atomic():
        draft = _locked(draft, writer)
        if problem is None:
            position = (draft.problems.aggregate(n=Max("position"))["n"] or 0) + 1
            problem = ProblemEntry(draft=draft, position=position)
        else:
            try:
                problem = ProblemEntry.objects.get(pk=problem.pk, draft=draft)
            except ProblemEntry.DoesNotExist:
                raise DraftError(_("This problem is not part of the draft.")) from None
        problem.fact = fact
        problem.severity = severity
        problem.responsible_party = responsible_party
        problem.responsibility = responsibility
        problem.save()
        problem.categories.set(category_ids)
        problem.articles.set(article_ids)
        problem.evidence.all().delete()
        ProblemEvidence.objects.bulk_create(
            ProblemEvidence(problem=problem, source=source, count=count, note=note) for source, count, note in rows
        )
        _touch(draft)
    return problem


def _problem_of(draft: ReportDraft, problem: ProblemEntry) -> ProblemEntry:
    try:
        return ProblemEntry.objects.get(pk=problem.pk, draft=draft)
    except ProblemEntry.DoesNotExist:
        raise DraftError(_("This problem is not part of the draft.")) from None


@transaction.atomic
def delete_problem(*, draft: ReportDraft, writer, problem: ProblemEntry) -> None:
    draft = _locked(draft, writer)
    _problem_of(draft, problem).delete()
    _touch(draft)


@transaction.atomic
def move_problem(*, draft: ReportDraft, writer, problem: ProblemEntry, up: bool) -> None:
    """Swap the problem with the one before (up) or after it; at either end nothing moves."""
    draft = _locked(draft, writer)
    problem = _problem_of(draft, problem)
    ordered = list(draft.problems.order_by("position", "pk"))
    index = next(i for i, p in enumerate(ordered) if p.pk == problem.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, entry in enumerate(ordered, start=1):
            entry.position = position
        ProblemEntry.objects.bulk_update(ordered, ["position"])
    _touch(draft)


# -- recommendations ------------------------------------------------------------------------------------------------


def save_recommendation(
    *,
    draft: ReportDraft,
    writer,
    recommendation: Recommendation | None = None,
    text: str,
    problem_ids: list[int],
    deadline: str,
    lead_party: str = "",
) -> Recommendation:
    text = (text or "").strip()
    if not text:
        raise DraftError(_("Write the recommendation."))
    if len(text) > RECOMMENDATION_MAX_LENGTH:
        raise DraftError(
            _("The recommendation is too long (at most %(max)s characters).") % {"max": RECOMMENDATION_MAX_LENGTH}
        )
    if deadline not in RectificationDeadline.values:
        raise DraftError(_("Choose a time limit from the list."))
    lead_party = (lead_party or "").strip()
    if len(lead_party) > PARTY_MAX_LENGTH:
        raise DraftError(
            _("The lead body or post is too long (at most %(max)s characters).") % {"max": PARTY_MAX_LENGTH}
        )
    problem_ids = list(dict.fromkeys(problem_ids))
    with transaction.atomic():
        draft = _locked(draft, writer)
        if ProblemEntry.objects.filter(draft=draft, pk__in=problem_ids).count() != len(problem_ids):
            raise DraftError(_("A ticked problem is not part of this draft. Reload the page and tick again."))
        if recommendation is None:
            position = (draft.recommendations.aggregate(n=Max("position"))["n"] or 0) + 1
            recommendation = Recommendation(draft=draft, position=position)
        else:
            try:
                recommendation = Recommendation.objects.get(pk=recommendation.pk, draft=draft)
            except Recommendation.DoesNotExist:
                raise DraftError(_("This recommendation is not part of the draft.")) from None
        recommendation.text = text
        recommendation.deadline = deadline
        recommendation.lead_party = lead_party
        recommendation.save()
        recommendation.problems.set(problem_ids)
        _touch(draft)
    return recommendation


@transaction.atomic
def delete_recommendation(*, draft: ReportDraft, writer, recommendation: Recommendation) -> None:
    draft = _locked(draft, writer)
    try:
        Recommendation.objects.get(pk=recommendation.pk, draft=draft).delete()
    except Recommendation.DoesNotExist:
        raise DraftError(_("This recommendation is not part of the draft.")) from None
    _touch(draft)


# -- what editors keep ----------------------------------------------------------------------------------------------


@transaction.atomic
def release_default_outline(*, keep_pk: int | None) -> None:
    """Before an outline becomes the default: every other outline stops being it (called inside the save)."""
    ReportOutline.objects.select_for_update().filter(is_default=True).exclude(pk=keep_pk).update(is_default=False)
