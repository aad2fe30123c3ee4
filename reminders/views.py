"""A round's reminders page for its managers and 管理员: who is behind and whether they were reminded."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audit.api import record_view
from reminders import selectors

ROUND_VIEWED = "reminders.round_viewed"


@require_GET
def round_reminders(request, pk: int):
    inspection_round = selectors.visible_round(user=request.user, pk=pk)
    if inspection_round is None:
        raise Http404
    overview = selectors.round_overview(inspection_round=inspection_round, today=timezone.localdate())
    record_view(
        action=ROUND_VIEWED,
        request=request,
        target=inspection_round,
        people=[row.member.user_id for row in overview.rows],
    )
    return render(request, "reminders/round.html", {"round": inspection_round, "overview": overview})
