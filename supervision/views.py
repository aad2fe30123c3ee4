"""A team's field pack on the phone and as a .docx, the coverage ticks and the coverage view. Thin: who may do
what is ``selectors.team_access``, the pack is ``packs.field_pack``, the writes are ``services``."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.api import record_view
from core.client import wechat_browser
from supervision import services
from supervision.documents import build_field_pack, pack_filename
from supervision.packs import field_pack, tickers
from supervision.selectors import TeamAccess, team_access

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _access(request, team_pk: int) -> TeamAccess:
    """The team, if this person may open its pack; 404 otherwise, so others cannot tell it exists."""
    access = team_access(user=request.user, team_pk=team_pk)
    if access is None:
        raise Http404
    return access


@require_GET
def team_pack(request, team_pk: int):
    access = _access(request, team_pk)
    pack = field_pack(team=access.team)
    context = {"access": access, "pack": pack, "team": access.team, "wechat": wechat_browser(request)}
    return render(request, "supervision/field_pack.html", context)


@require_GET
def team_pack_docx(request, team_pk: int):
    access = _access(request, team_pk)
    pack = field_pack(team=access.team, with_ticks=False)
    disposition = content_disposition_header(as_attachment=True, filename=pack_filename(pack=pack))
    return HttpResponse(build_field_pack(pack=pack), content_type=DOCX, headers={"Content-Disposition": disposition})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def tick(request, team_pk: int):
    access = _access(request, team_pk)
    if not access.may_tick:
        return HttpResponseForbidden(_("Only the team's members tick coverage."))
    unit_id, point_id = _int(request.POST.get("unit")), _int(request.POST.get("point"))
    covered = request.POST.get("covered") == "1"
    url = reverse("supervision:team_pack", args=[access.team.pk])
    if unit_id is None or point_id is None:
        messages.error(request, _("Choose a point of a unit to tick."))
        return redirect(url)
    try:
        services.set_covered(team=access.team, unit_id=unit_id, point_id=point_id, user=request.user, covered=covered)
    except services.CoverageError as error:
        messages.error(request, str(error))
        return redirect(url)
    return redirect(f"{url}#unit-{unit_id}-point-{point_id}")


@require_GET
def coverage(request, team_pk: int):
    access = _access(request, team_pk)
    if not access.may_see_coverage:
        raise Http404
    pack = field_pack(team=access.team)
    record_view(action="supervision.coverage_viewed", request=request, target=access.team, people=tickers(pack))
    return render(request, "supervision/coverage.html", {"access": access, "pack": pack, "team": access.team})
