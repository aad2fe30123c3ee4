"""Admin: the evenings of one series, and cancelling, moving or planning one of them.

The rules live in studysessions.schedule.services (materialise, cancel_session, move_session); these views
read the form, call them and report a refusal as a message. Their URLs are in ``admin_urls``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView

from core.admin_views import PermissionRequiredAdminMixin
from studysessions.models import StudySeries, StudySession
from studysessions.schedule import services
from studysessions.schedule.forms import CancelForm, MoveForm, form_errors
from studysessions.schedule.occurrences import Occurrence, local_zone, occurrence_for_key, occurrences
from studysessions.schedule.selectors import PLAN_PERMISSION, may_see_minutes

SHOWN = 12  # evenings listed each side of today


def session_edit_url(session: StudySession) -> str:
    return reverse(StudySession.snippet_viewset.get_url_name("edit"), args=[session.pk])


def series_evenings(series: StudySeries, *, now: datetime) -> tuple[list[Occurrence], list[Occurrence]]:
    """(next, last): up to SHOWN evenings from now on and the SHOWN before, cancelled ones included."""
    # At least one evening per interval, so this span always holds SHOWN of them while the series runs.
    span = timedelta(weeks=SHOWN * max(1, series.interval_weeks), days=1)
    upcoming = occurrences([series], start=now, end=now + span)[:SHOWN]
    past = occurrences([series], start=now - span, end=now)[-SHOWN:]
    return upcoming, list(reversed(past))


class _PlannerMixin(PermissionRequiredAdminMixin):
    """For those who plan the evenings; the pages sit below the series list."""

    permission_required = PLAN_PERMISSION
    header_icon = "date"

    def get_parent_breadcrumbs_items(self):
        series_list = reverse(StudySeries.snippet_viewset.get_url_name("list"))
        return [{"url": series_list, "label": StudySeries._meta.verbose_name_plural}]


class SeriesEveningsView(_PlannerMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "studysessions/schedule/admin/series_evenings.html"

    def get_series(self) -> StudySeries:
        return get_object_or_404(StudySeries.objects.select_related("host"), pk=self.kwargs["pk"])

    def get_page_title(self):
        return _("Evenings of %(series)s") % {"series": self.get_series().title}

    def get_context_data(self, **kwargs):
        series = self.get_series()
        upcoming, past = series_evenings(series, now=timezone.now())
        return {
            **super().get_context_data(**kwargs),
            "series": series,
            "upcoming": upcoming,
            "past": past,
            "series_edit_url": reverse(StudySeries.snippet_viewset.get_url_name("edit"), args=[series.pk]),
        }

    def post(self, request, *args, **kwargs):
        """安排议程: the evening's row (created on first need), then its edit form for agenda, place, host."""
        series = self.get_series()
        occurrence = occurrence_for_key(key=request.POST.get("key", ""))
        if occurrence is None or occurrence.series.pk != series.pk:
            messages.error(request, _("The series has no session at that time."))
            return redirect("studysessions_admin_series_evenings", pk=series.pk)
        session = occurrence.session or services.materialise(series=series, slot_start=occurrence.slot_start)
        return redirect(session_edit_url(session))


class EveningChangeView(_PlannerMixin, WagtailAdminTemplateMixin, TemplateView):
    """Cancel one evening or move it, each with a note for the people who come."""

    template_name = "studysessions/schedule/admin/evening_change.html"

    def get_occurrence(self) -> Occurrence:
        occurrence = occurrence_for_key(key=self.kwargs["key"])
        if occurrence is None:
            raise Http404
        return occurrence

    def get_page_title(self):
        return _("Change one evening")

    def get_context_data(self, cancel_form=None, move_form=None, **kwargs):
        occurrence = self.get_occurrence()
        local_start = timezone.localtime(occurrence.starts_at)
        local_end = timezone.localtime(occurrence.ends_at)
        note = occurrence.session.change_note if occurrence.session else ""
        return {
            **super().get_context_data(**kwargs),
            "o": occurrence,
            "cancel_form": cancel_form or CancelForm(initial={"note": note}),
            "move_form": move_form
            or MoveForm(
                initial={
                    "date": local_start.date(),
                    "start": local_start.time().replace(second=0, microsecond=0),
                    "end": local_end.time().replace(second=0, microsecond=0),
                    "note": note,
                }
            ),
            "back_url": reverse("studysessions_admin_series_evenings", args=[occurrence.series.pk]),
        }

    def post(self, request, *args, **kwargs):
        occurrence = self.get_occurrence()
        action = request.POST.get("action")
        form = CancelForm(request.POST) if action == "cancel" else MoveForm(request.POST)
        if action not in ("cancel", "move") or not form.is_valid():
            messages.error(request, form_errors(form) or _("Choose what to change."))
            context = {"cancel_form": form} if action == "cancel" else {"move_form": form}
            return self.render_to_response(self.get_context_data(**context))
        try:
            # The evening's row and the change together: a refused change leaves nothing behind.
            with transaction.atomic():
                session = occurrence.session or services.materialise(
                    series=occurrence.series, slot_start=occurrence.slot_start
                )
                if action == "cancel":
                    services.cancel_session(session=session, note=form.cleaned_data["note"])
                else:
                    starts_at, ends_at = form.times(zone=local_zone())
                    services.move_session(
                        session=session, starts_at=starts_at, ends_at=ends_at, note=form.cleaned_data["note"]
                    )
        except services.ScheduleError as error:
            messages.error(request, str(error))
            return redirect("studysessions_admin_evening", key=occurrence.key)
        if action == "cancel":
            messages.success(request, _("The evening is cancelled; participants see it on their schedule."))
        else:
            messages.success(request, _("The evening is moved; participants see the new time on their schedule."))
        return redirect("studysessions_admin_series_evenings", pk=occurrence.series.pk)


class EveningsColumn(Column):
    """A link from each row of the series listing to its evenings."""

    cell_template_name = "studysessions/schedule/admin/evenings_cell.html"

    def get_value(self, instance):
        return reverse("studysessions_admin_series_evenings", args=[instance.pk])


class HostColumn(Column):
    """The series' host in the listing, or that an administrator has yet to appoint one."""

    cell_template_name = "studysessions/schedule/admin/host_cell.html"

    def get_value(self, instance):
        return instance.host


class _AuditHostMixin:
    """A series' or an evening's host change is a security event, written in the save's transaction."""

    def save_instance(self):
        instance = self.form.instance
        before = type(instance).objects.filter(pk=instance.pk).values_list("host_id", flat=True).first()
        instance = super().save_instance()
        services.note_host_changed(target=instance, before=before, request=self.request)
        return instance


class HostAuditedCreateView(_AuditHostMixin, CreateView):
    pass


class HostAuditedCopyView(_AuditHostMixin, CopyView):
    pass


class HostAuditedEditView(_AuditHostMixin, EditView):
    pass


class _MinutesGateMixin:
    """An evening's form shows its minutes only to those who may read its record (selectors.may_see_minutes)."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        instance = kwargs.get("instance")
        kwargs["may_see_minutes"] = instance is not None and may_see_minutes(session=instance, user=self.request.user)
        return kwargs


class EveningCreateView(CreateView):
    """No blank evening: an evening belongs to a series' slot and is made from the series' evenings page
    (schedule.services.materialise). The snippet's "add" address sends the planner there instead."""

    def dispatch(self, request, *args, **kwargs):
        messages.info(request, _("An evening is planned from its series: open the series' evenings and choose one."))
        return redirect(StudySeries.snippet_viewset.get_url_name("list"))


class EveningEditView(_MinutesGateMixin, HostAuditedEditView):
    pass
