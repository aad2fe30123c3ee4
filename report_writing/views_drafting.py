"""The writer's pages: start a draft, the editor with the team leader's checks beside the text, the problem and
recommendation forms, hand in, delete. Thin: selectors read, services write; a GET never writes."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.api import record_view
from cases import api as cases_api
from regulations import api as regulations_api
from report_writing import selectors, services
from report_writing import selectors_drafting as drafting
from report_writing.forms import (
    EVIDENCE_SOURCES,
    EvidenceRow,
    ProblemForm,
    RecommendationForm,
    StartDraftForm,
    section_texts,
)
from report_writing.models import (
    DraftStatus,
    ProblemEntry,
    Recommendation,
    RectificationDeadline,
    ReportDraft,
    ReportExercisePage,
    Responsibility,
    Severity,
)
from report_writing.services import DraftError


def _own(request, pk: int) -> ReportDraft:
    try:
        return selectors.own_draft(user=request.user, pk=pk)
    except ReportDraft.DoesNotExist:
        raise Http404 from None


def _read_only(draft: ReportDraft):
    return redirect("report_writing:draft", pk=draft.pk)


@require_GET
def my_drafts(request):
    return render(
        request,
        "report_writing/drafts_mine.html",
        {"rows": drafting.my_draft_rows(user=request.user), "statuses": DraftStatus},
    )


@require_http_methods(["GET", "POST"])
def start_draft(request):
    outlines = drafting.outlines()
    form = StartDraftForm(request.POST or None, outlines=outlines)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.start_draft(
                writer=request.user, title=form.cleaned_data["title"], outline=form.cleaned_data["outline"]
            )
        except DraftError as error:
            form.add_error(None, error.message)
        else:
            return redirect("report_writing:draft", pk=draft.pk)
    return render(request, "report_writing/draft_new.html", {"form": form, "outlines": list(outlines)})


@require_POST
def start_exercise(request, page_pk: int):
    try:
        exercise = drafting.live_exercise(pk=page_pk)
    except ReportExercisePage.DoesNotExist:
        raise Http404 from None
    try:
        draft = services.start_draft(writer=request.user, exercise=exercise)
    except DraftError as error:
        messages.error(request, error.message)
        return redirect(exercise.url)
    return redirect("report_writing:draft", pk=draft.pk)


@require_http_methods(["GET", "POST"])
def draft(request, pk: int):
    """The editor (GET); its 保存 button posts the section texts here."""
    try:
        draft = selectors.readable_draft(user=request.user, pk=pk)
    except ReportDraft.DoesNotExist:
        raise Http404 from None
    is_writer = draft.writer_id == request.user.pk
    editable = is_writer and draft.status == DraftStatus.WRITING
    error = ""
    content = None
    if request.method == "POST":
        if not editable:
            raise Http404
        positions = list(draft.sections.values_list("position", flat=True))
        texts = section_texts(request.POST, positions)
        try:
            services.save_sections(draft=draft, writer=request.user, texts=texts)
        except DraftError as exc:
            error = exc.message
            content = drafting.with_section_texts(content=selectors.content_of_draft(draft=draft), texts=texts)
        else:
            messages.success(request, _("Saved."))
            return redirect("report_writing:draft", pk=draft.pk)
    if not is_writer:
        record_view(action="report_writing.draft_viewed", request=request, target=draft, subject=draft.writer)
    editor = drafting.draft_editor(draft=draft, content=content)
    return render(
        request,
        "report_writing/draft.html",
        {
            "draft": draft,
            "editor": editor,
            "summary": _summary(len(editor.findings)),
            "editable": editable,
            "is_writer": is_writer,
            "error": error,
            "exercise": drafting.exercise_of(draft=draft),
            "statuses": DraftStatus,
        },
        status=400 if error else 200,
    )


@require_POST
def check(request, pk: int):
    """The findings for the posted, unsaved section texts merged into the saved draft; writes nothing."""
    draft = _own(request, pk)
    positions = list(draft.sections.values_list("position", flat=True))
    texts = section_texts(request.POST, positions)
    content = drafting.with_section_texts(content=selectors.content_of_draft(draft=draft), texts=texts)
    editor = drafting.draft_editor(draft=draft, content=content)
    return JsonResponse(
        {
            "count": len(editor.findings),
            "summary": _summary(len(editor.findings)),
            "findings": [asdict(f) for f in editor.findings],
        }
    )


def _summary(count: int) -> str:
    if not count:
        return _("Team leader's check: all passed")
    return _("%(n)s places still need changing") % {"n": count}


@require_POST
def submit(request, pk: int):
    draft = _own(request, pk)
    try:
        services.submit_draft(draft=draft, writer=request.user)
    except DraftError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Handed in. A reviewer will mark it; you will see the marks here."))
    return redirect("report_writing:draft", pk=draft.pk)


@require_POST
def delete(request, pk: int):
    draft = _own(request, pk)
    try:
        services.delete_draft(draft=draft, writer=request.user)
    except DraftError as error:
        messages.error(request, error.message)
        return redirect("report_writing:draft", pk=draft.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("report_writing:my_drafts")


# -- problem entries ------------------------------------------------------------------------------------------------


def _problem(draft: ReportDraft, problem_pk: int | None) -> ProblemEntry | None:
    if problem_pk is None:
        return None
    try:
        return draft.problems.get(pk=problem_pk)
    except ProblemEntry.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def problem(request, pk: int, problem_pk: int | None = None):
    draft = _own(request, pk)
    entry = _problem(draft, problem_pk)
    if draft.status != DraftStatus.WRITING:
        return _read_only(draft)
    exercise = drafting.exercise_of(draft=draft)
    materials = drafting.materials_of(exercise=exercise)
    form = ProblemForm(request.POST if request.method == "POST" else None, problem=entry)
    fact = form.text("fact")
    extra_rows = 0
    error = ""
    if form.is_bound:
        picked = next((m for m in materials if m.index == form.picked), None)
        if picked is not None and picked.kind == "fact":
            fact = picked.text[:300]
        elif picked is not None:
            form.rows = [r for r in form.rows if not r.blank]
            form.rows.append(EvidenceRow(picked.source, str(picked.count), picked.text[:200]))
        elif form.action == "add-row":
            extra_rows = 1
        elif not form.searching:
            try:
                saved = services.save_problem(
                    draft=draft,
                    writer=request.user,
                    problem=entry,
                    fact=fact,
                    category_ids=form.category_ids,
                    severity=form.data.get("severity", ""),
                    article_ids=form.article_ids,
                    evidence=form.evidence(),
                    responsible_party=form.text("responsible_party"),
                    responsibility=form.data.get("responsibility", ""),
                )
            except DraftError as exc:
                error = exc.message
            else:
                messages.success(request, _("Problem saved."))
                return redirect(reverse("report_writing:draft", args=[draft.pk]) + f"#problem-{saved.pk}")
    query = form.text("q") if form.is_bound else ""
    return render(
        request,
        "report_writing/problem_form.html",
        {
            "draft": draft,
            "entry": entry,
            "form": form,
            "fact": fact,
            "error": error,
            "rows": form.pad_rows(extra=extra_rows),
            "sources": EVIDENCE_SOURCES,
            "severities": Severity.choices,
            "severity": (form.data.get("severity") if form.is_bound else form.initial.get("severity"))
            or Severity.GENERAL,
            "responsibilities": Responsibility.choices,
            "responsibility": form.data.get("responsibility", "")
            if form.is_bound
            else form.initial.get("responsibility", ""),
            "responsible_party": form.text("responsible_party"),
            "tree": cases_api.category_tree(),
            "category_ids": form.category_ids,
            "chosen": regulations_api.chosen_articles(article_ids=form.article_ids),
            "found": regulations_api.search_articles(query=query, exclude_ids=form.article_ids)
            if form.searching
            else [],
            "searched": form.searching,
            "article_query": query,
            "materials": materials,
        },
        status=400 if error else 200,
    )


@require_POST
def problem_delete(request, pk: int, problem_pk: int):
    draft = _own(request, pk)
    entry = _problem(draft, problem_pk)
    try:
        services.delete_problem(draft=draft, writer=request.user, problem=entry)
    except DraftError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Problem deleted."))
    return redirect("report_writing:draft", pk=draft.pk)


# -- recommendations ------------------------------------------------------------------------------------------------


def _recommendation(draft: ReportDraft, rec_pk: int | None) -> Recommendation | None:
    if rec_pk is None:
        return None
    try:
        return draft.recommendations.get(pk=rec_pk)
    except Recommendation.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def recommendation(request, pk: int, rec_pk: int | None = None):
    draft = _own(request, pk)
    entry = _recommendation(draft, rec_pk)
    if draft.status != DraftStatus.WRITING:
        return _read_only(draft)
    form = RecommendationForm(request.POST if request.method == "POST" else None, recommendation=entry)
    error = ""
    if form.is_bound:
        form.is_valid()
        try:
            saved = services.save_recommendation(
                draft=draft,
                writer=request.user,
                recommendation=entry,
                text=form.data.get("text", ""),
                problem_ids=form.problem_ids,
                deadline=form.data.get("deadline", ""),
                lead_party=form.data.get("lead_party", ""),
            )
        except DraftError as exc:
            error = exc.message
        else:
            messages.success(request, _("Recommendation saved."))
            return redirect(reverse("report_writing:draft", args=[draft.pk]) + f"#recommendation-{saved.pk}")
    return render(
        request,
        "report_writing/recommendation_form.html",
        {
            "draft": draft,
            "entry": entry,
            "form": form,
            "error": error,
            "problems": list(draft.problems.order_by("position", "pk")),
            "problem_ids": form.problem_ids,
            "deadlines": RectificationDeadline.choices,
            "deadline": (form.data.get("deadline") if form.is_bound else form.initial.get("deadline"))
            or RectificationDeadline.THREE_MONTHS,
            "text": (form.data.get("text", "") if form.is_bound else form.initial.get("text", "")),
            "lead_party": (form.data.get("lead_party", "") if form.is_bound else form.initial.get("lead_party", "")),
        },
        status=400 if error else 200,
    )


@require_POST
def recommendation_delete(request, pk: int, rec_pk: int):
    draft = _own(request, pk)
    entry = _recommendation(draft, rec_pk)
    try:
        services.delete_recommendation(draft=draft, writer=request.user, recommendation=entry)
    except DraftError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Recommendation deleted."))
    return redirect("report_writing:draft", pk=draft.pk)
