"""The room: the host's projector view and its remote, the phones that follow it, the live quiz.

Thin: the rules are in room.services (writes) and room.selectors (reads).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studysessions.agenda.selectors import session_quiz
from studysessions.room import scenario as scenario_selectors
from studysessions.room import selectors, services
from studysessions.schedule import shortcuts
from studysessions.schedule.occurrences import parse_key
from studysessions.schedule.selectors import may_poll
from studysessions.schedule.shortcuts import occurrence_or_404, require_follower, require_host


def _context(occurrence, view, **extra) -> dict:
    session = view.session
    end = selectors.planned_end(session)
    left = selectors.seconds_left(session=session, now=timezone.now())
    return {
        "key": occurrence.key,
        "series": occurrence.series,
        "session": session,
        "room": view,
        "control_url": reverse("studysessions:control", kwargs={"key": occurrence.key}),
        "qr_url": reverse("studysessions:sign_in_code", kwargs={"key": occurrence.key}),
        "state_url": reverse("studysessions:state", kwargs={"key": occurrence.key}),
        "ended": session.closed_at is not None,
        # The clock counts down from the host's 开始 plus the planned length (room.js ticks it on).
        "ends_at_ms": int(end.timestamp() * 1000) if end is not None else "",
        "time_left": selectors.clock_label(left) if left is not None else "",
        **extra,
    }


@require_http_methods(["GET", "POST"])
def present(request, key):
    """The projector. A GET shows the room once the host has started it, and otherwise the 开始 button (and
    演练): starting is the host's POST, confirmed when it is well before the planned start. A GET writes
    nothing."""
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_host(occurrence, request.user)
    if request.method == "POST":
        try:
            services.open_room(
                series=occurrence.series,
                slot_start=occurrence.slot_start,
                now=timezone.now(),
                early_confirmed=request.POST.get("confirm_early") == "1",
            )
        except services.EarlyStart as early:
            context = shortcuts.evening_context(occurrence) | {"early": str(early)}
            return render(request, "studysessions/room/open.html", context)
        except services.RoomError as error:
            messages.error(request, str(error))
        return redirect("studysessions:present", key=occurrence.key)
    session = occurrence.session
    if session is None or session.opened_at is None:
        return render(request, "studysessions/room/open.html", shortcuts.evening_context(occurrence))
    session.series = occurrence.series
    view = selectors.room_view(session=session)
    return render(request, "studysessions/room/present.html", _context(occurrence, view))


@require_POST
def control(request, key):
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_host(occurrence, request.user)
    if occurrence.session is None:
        raise Http404
    apply_control(request, partial(services.control, session=occurrence.session, now=timezone.now()))
    return redirect("studysessions:present", key=occurrence.key)


def apply_control(request, move: Callable[..., object]) -> None:
    """The pager's POST (``action``, a 1-based ``index``) run as ``move(action=, index=)``, a RoomError shown as a
    message: the evening's control and the rehearsal's remote share it."""
    index = request.POST.get("index", "")
    try:
        move(action=request.POST.get("action", ""), index=int(index) - 1 if index.strip().isdigit() else None)
    except services.RoomError as error:
        messages.error(request, str(error))


@require_GET
def follow(request, key):
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_follower(occurrence, request.user)
    session = occurrence.session
    view = selectors.room_view(session=session) if session is not None and session.opened_at else None
    mine = selectors.my_live_answer(session=session, user=request.user, live=view.live) if view else None
    left = selectors.seconds_left(session=session, now=timezone.now()) if view else None
    context = {
        "key": occurrence.key,
        "occurrence": occurrence,
        "room": view,
        "minutes_left": (left + 59) // 60 if left is not None else None,
        "mine": mine,
        "version": session.live_version if session is not None else 0,
        "attempt_url": _attempt_url(session) if view and view.live and not view.live.answerable_here else "",
        **_drill_context(view, request.user),
        **_scenario_context(view, request.user),
    }
    # The script swaps in just the step when the state moves; a reload gets the whole page.
    template = "studysessions/room/_follow_body.html" if request.GET.get("part") else "studysessions/room/follow.html"
    return render(request, template, context)


def _drill_context(view, user) -> dict:
    """For a 定性 drill on screen: the person's answer (scored after the reveal), and while it is open whether
    they may answer (signed in to the evening) and the categories to tap."""
    if view is None or view.step is None or view.step.kind != "drill" or view.session.closed_at is not None:
        return {}
    context = {"drill_mine": selectors.my_drill_answer(session=view.session, user=user, step=view.step)}
    if view.drill_open:
        context["drill_signed_in"] = selectors.signed_in(session=view.session, user=user)
        context["drill_tree"] = selectors.drill_categories() if context["drill_signed_in"] else []
    return context


def _scenario_context(view, user) -> dict:
    """For a scenario drill on screen: the person's vote at the step, and while the vote is open whether they may
    vote (signed in to the evening)."""
    if view is None or view.scenario is None or view.session.closed_at is not None:
        return {}
    context = {"scenario_mine": scenario_selectors.my_vote(session=view.session, user=user, play=view.scenario)}
    if view.scenario.voting:
        context["scenario_signed_in"] = selectors.signed_in(session=view.session, user=user)
    return context


def _attempt_url(session) -> str:
    quiz = session_quiz(session)
    return quiz.get_absolute_url() if quiz is not None else ""


@never_cache
@require_GET
def state(request, key):
    """Polled every 2 s by each phone and the projector: counters only, never content."""
    parsed = parse_key(key)
    if parsed is None:
        raise Http404
    series_id, slot_start = parsed
    if not may_poll(series_id=series_id, slot_start=slot_start, user=request.user):
        raise Http404
    current = selectors.room_state(series_id=series_id, slot_start=slot_start)
    if request.GET.get("v") == str(current["version"]):
        return JsonResponse({"changed": False})
    return JsonResponse({"changed": True, **current})


@require_POST
def live_answer(request, key):
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_follower(occurrence, request.user)
    if occurrence.session is None:
        raise Http404
    try:
        services.answer_live_question(
            session=occurrence.session, user=request.user, form_data=request.POST, now=timezone.now()
        )
    except services.RoomError as error:
        messages.error(request, str(error))
    return redirect(reverse("studysessions:follow", kwargs={"key": occurrence.key}) + "#live")


@require_POST
def drill_answer(request, key):
    """A phone's category for the 定性 drill on screen (``item``: the agenda item, ``category``)."""
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_follower(occurrence, request.user)
    if occurrence.session is None:
        raise Http404
    item, category = request.POST.get("item", ""), request.POST.get("category", "")
    try:
        services.answer_drill(
            session=occurrence.session,
            user=request.user,
            item=int(item) if item.isdigit() else None,
            category_id=int(category) if category.isdigit() else None,
            now=timezone.now(),
        )
    except services.RoomError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your answer is in. You may change it until the host shows the answers."))
    return redirect(reverse("studysessions:follow", kwargs={"key": occurrence.key}) + "#drill")


@require_POST
def scenario_vote(request, key):
    """A phone's vote at the scenario step on screen (``item``: the agenda item, ``position``: the step in the
    room's path, ``choice``: its number from 1)."""
    occurrence = occurrence_or_404(key, user=request.user, cancelled=False)
    require_follower(occurrence, request.user)
    if occurrence.session is None:
        raise Http404
    raw = {name: request.POST.get(name, "") for name in ("item", "position", "choice")}
    numbers = {name: int(value) if value.isdigit() else None for name, value in raw.items()}
    try:
        services.vote_scenario(session=occurrence.session, user=request.user, now=timezone.now(), **numbers)
    except services.RoomError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your vote is in. You may change it until the host shows the votes."))
    return redirect(reverse("studysessions:follow", kwargs={"key": occurrence.key}) + "#scenario")
