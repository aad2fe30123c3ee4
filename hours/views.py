"""The pages of 学时 and 结业证明. Thin: reads are hours.selectors, the certificate is issued by hours.services.
Anyone else's certificate is a 404; a round's page, a verification that finds a certificate and the export leave
an audit entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from audit.api import record_export, record_view
from hours import selectors, services
from hours.export import XLSX, round_workbook
from hours.models import Certificate, HoursSettings
from rounds.api import InspectionRound

CERTIFICATE_VERIFIED = "hours.certificate_verified"
ROUND_VIEWED = "hours.round_viewed"
ROUND_EXPORTED = "hours.round_exported"


@login_required
@require_GET
def mine(request):
    return render(request, "hours/mine.html", {"summary": selectors.my_hours(user=request.user)})


@login_required
@require_POST
def issue(request, round_pk: int):
    inspection_round = get_object_or_404(InspectionRound.objects.select_related("track"), pk=round_pk)
    try:
        certificate, created = services.issue_certificate(user=request.user, inspection_round=inspection_round)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("hours:mine")
    if created:
        messages.success(request, _("Your certificate of completion is issued."))
    return redirect("hours:certificate", pk=certificate.pk)


@login_required
@require_GET
def certificate(request, pk: int):
    try:
        own = selectors.own_certificate(user=request.user, pk=pk)
    except Certificate.DoesNotExist as exc:
        raise Http404 from exc
    context = {"certificate": own, "office_name": HoursSettings.current().office_name}
    return render(request, "hours/certificate.html", context)


@login_required
@require_GET
def verify(request):
    if not selectors.may_verify(request.user):
        raise Http404
    code = request.GET.get("code", "")
    found = selectors.find_certificate(code=code) if code.strip() else None
    if found is not None:
        record_view(action=CERTIFICATE_VERIFIED, request=request, target=found, subject=found.user)
    context = {"code": selectors.normalise_code(code), "searched": bool(code.strip()), "found": found}
    return render(request, "hours/verify.html", context)


def _readable_round(request, round_pk: int) -> InspectionRound:
    inspection_round = get_object_or_404(InspectionRound, pk=round_pk)
    if not selectors.may_read_round(user=request.user, inspection_round=inspection_round):
        raise Http404
    return inspection_round


@login_required
@require_GET
def round_hours(request, round_pk: int):
    inspection_round = _readable_round(request, round_pk)
    rows = selectors.round_hours(inspection_round=inspection_round)
    record_view(action=ROUND_VIEWED, request=request, target=inspection_round, people=[r.member.user_id for r in rows])
    return render(request, "hours/round.html", {"round": inspection_round, "rows": rows})


@login_required
@require_POST
def round_export(request, round_pk: int):
    inspection_round = _readable_round(request, round_pk)
    rows = selectors.round_hours(inspection_round=inspection_round)
    content = round_workbook(rows=rows)
    record_export(
        action=ROUND_EXPORTED, request=request, target=inspection_round, people=[r.member.user_id for r in rows]
    )
    filename = _("%(round)s study hours %(date)s.xlsx") % {
        "round": inspection_round.name,
        "date": timezone.localdate().strftime("%Y%m%d"),
    }
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    return HttpResponse(content, content_type=XLSX, headers={"Content-Disposition": disposition})
