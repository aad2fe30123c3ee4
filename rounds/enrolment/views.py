"""Admin pages of bulk enrolment (批量导入成员): the rounds one may enrol into, one round's page (template, upload,
members with 重发初始密码), the preview after the check, and the slips after the confirm or a re-issue.

Who: the round's managers and those who see every round (管理员), the rule of ``rounds.selectors.rounds_visible_to``;
anyone else gets a 404 for a round (403 for the index). Thin: the rules are in ``checking`` and ``services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.api import reissue_initial_password
from audit.api import record_view
from core.admin_views import PermissionRequiredAdminMixin
from rounds.enrolment import selectors, services
from rounds.enrolment.sheet import template_workbook
from rounds.models import InspectionRound
from rounds.selectors import VIEW_EVERY_ROUND, manages_a_round, rounds_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_enrol_somewhere(user) -> bool:
    """Whoever sees every round (a permission check, no query: the admin menu asks on every page), else
    whoever manages one."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(VIEW_EVERY_ROUND) or manages_a_round(user=user)


def _round(request, round_id: int) -> InspectionRound:
    return get_object_or_404(rounds_visible_to(request.user), pk=round_id)


class EnrolmentIndexView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Enrol members")
    header_icon = "group"
    template_name = "rounds/enrolment/index.html"

    def has_permission(self, request) -> bool:
        return may_enrol_somewhere(request.user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rounds": rounds_visible_to(self.request.user)}


class RoundEnrolmentView(PermissionRequiredAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """The round's page: how to, the template, the upload, and its members with 重发初始密码. Names are shown:
    audited."""

    header_icon = "group"
    template_name = "rounds/enrolment/round.html"

    def has_permission(self, request) -> bool:
        return True  # the round itself is the check (404)

    def get_page_title(self):
        return _("Enrol members: %(round)s") % {"round": self.inspection_round.name}

    def get_parent_breadcrumbs_items(self):
        return [{"url": reverse("rounds_enrolment_index"), "label": _("Enrol members")}]

    def dispatch(self, request, *args, round_id: int, **kwargs):
        self.inspection_round = _round(request, round_id)
        return super().dispatch(request, *args, round_id=round_id, **kwargs)

    def get_context_data(self, **kwargs):
        rows = selectors.round_members(inspection_round=self.inspection_round)
        if rows:
            record_view(
                action="rounds.enrolment_members_viewed",
                request=self.request,
                target=self.inspection_round,
                people=[row.member.user_id for row in rows],
            )
        return {
            **super().get_context_data(**kwargs),
            "round": self.inspection_round,
            "teams": list(self.inspection_round.teams.order_by("name").values_list("name", flat=True)),
            "members": rows,
        }


@require_GET
def template_download(request, round_id: int):
    inspection_round = _round(request, round_id)
    _roles, labels = services.role_choices()
    teams = list(inspection_round.teams.order_by("name").values_list("name", flat=True))
    data = template_workbook(team_names=teams, role_names=labels, example_end=inspection_round.ends_on)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="enrolment-template.xlsx"'
    return response


def _preview(request, inspection_round, plan, token, status=200):
    people = [row.user_id for row in plan.rows if row.user_id]
    if people:
        record_view(action="rounds.enrolment_checked", request=request, target=inspection_round, people=people)
    context = {"round": inspection_round, "plan": plan, "token": token}
    return render(request, "rounds/enrolment/preview.html", context, status=status)


class CheckView(View):
    """POST the file: every row checked, nothing written; the preview with every problem or what would happen."""

    http_method_names = ["post"]

    def post(self, request, round_id: int):
        inspection_round = _round(request, round_id)
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose the Excel file to upload."))
            return HttpResponseRedirect(reverse("rounds_enrolment_round", args=[inspection_round.pk]))
        checked = services.check_upload(session=request.session, inspection_round=inspection_round, data=upload.read())
        status = 422 if checked.plan.errors else 200
        return _preview(request, inspection_round, checked.plan, checked.token, status=status)


def _slips(request, inspection_round, slips, *, reissued: bool = False):
    context = {
        "round": inspection_round,
        "slips": slips,
        "site_address": request.build_absolute_uri("/"),
        "reissued": reissued,
    }
    response = render(request, "rounds/enrolment/slips.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def confirm(request, round_id: int):
    inspection_round = _round(request, round_id)
    try:
        plan, slips = services.confirm_enrolment(
            request=request,
            session=request.session,
            inspection_round=inspection_round,
            token=request.POST.get("token", ""),
        )
    except services.EnrolmentError as error:
        for message in error.messages[:50]:
            messages.error(request, message)
        return HttpResponseRedirect(reverse("rounds_enrolment_round", args=[inspection_round.pk]))
    messages.success(
        request,
        _("Enrolled: %(new)d new people, %(matched)d already known, %(skipped)d already in the round.")
        % {"new": len(plan.new), "matched": len(plan.matched), "skipped": len(plan.skipped)},
    )
    return _slips(request, inspection_round, slips)


@require_POST
def reissue(request, round_id: int, member_id: int):
    """A new initial password for one member (a 学员; staff ask the system administrator). Audited."""
    inspection_round = _round(request, round_id)
    member = selectors.reissuable_member(inspection_round=inspection_round, member_id=member_id)
    if member is None:
        raise Http404
    issued = reissue_initial_password(request=request, actor=request.user, user=member.user)
    slip = services.Slip(
        username=issued.username,
        name=issued.name,
        password=issued.password,
        team_name=member.team.name,
        role_label=member.get_role_display(),
    )
    return _slips(request, inspection_round, [slip], reissued=True)
