"""成长档案 and 人才库 pages. Thin: who may see what is talent.selectors (anyone else gets a 404), writes are
talent.services. Reading another person's record, or a page of the pool, leaves an audit entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.api import record_view
from talent import selectors, services
from talent.forms import PoolSearchForm, SpecialismsForm

RECORD_VIEWED = "talent.record_viewed"
POOL_VIEWED = "talent.pool_viewed"
PER_PAGE = 20


def _save_specialisms(request, *, person) -> bool:
    form = SpecialismsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That choice of specialisms could not be saved. Please tick them again."))
        return False
    services.set_specialisms(
        person=person, specialisms=form.cleaned_data["specialisms"], actor=request.user, request=request
    )
    messages.success(request, _("Specialisms saved."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def me(request):
    """我的成长档案: the person's own record, and their specialisms to tick."""
    if request.method == "POST":
        _save_specialisms(request, person=request.user)
        return redirect("talent:me")
    record = selectors.growth_record(user=request.user)
    form = SpecialismsForm(initial={"specialisms": record.specialisms})
    return render(request, "talent/record.html", {"record": record, "form": form, "own": True})


@login_required
@require_GET
def person(request, user_id: int):
    """One person's record, for themselves and permitted office staff (audited when it is someone else's)."""
    shown = selectors.person_for(viewer=request.user, user_id=user_id)
    if shown.pk == request.user.pk:
        return redirect("talent:me")
    record = selectors.growth_record(user=shown)
    record_view(action=RECORD_VIEWED, request=request, target=shown, subject=shown, people=[shown])
    may_edit = selectors.may_edit_specialisms(actor=request.user, person=shown)
    form = SpecialismsForm(initial={"specialisms": record.specialisms}) if may_edit else None
    return render(request, "talent/record.html", {"record": record, "form": form, "own": False})


@login_required
@require_POST
def person_specialisms(request, user_id: int):
    """Office staff with the right correct another person's specialisms."""
    shown = selectors.person_for(viewer=request.user, user_id=user_id)
    if not selectors.may_edit_specialisms(actor=request.user, person=shown):
        raise Http404
    _save_specialisms(request, person=shown)
    return redirect("talent:person", user_id=shown.pk)


@login_required
@require_GET
def search(request):
    """人才库: the office's search when staffing a round."""
    if not selectors.may_view_profiles(request.user):
        raise Http404
    form = PoolSearchForm(request.GET or None)
    filters = selectors.PoolFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.PoolFilters(
            name=data["name"],
            specialism_ids=tuple(s.pk for s in data["specialism"]),
            min_rounds=data["rounds"] or 0,
            ready_within_months=data["ready"],
            role=data["role"],
            order=data["order"] or "rounds",
        )
    elif form.is_bound:
        return render(request, "talent/search.html", {"form": form, "entries": [], "page_obj": None}, status=400)
    page = Paginator(selectors.talent_pool(filters=filters), PER_PAGE).get_page(request.GET.get("page"))
    entries = selectors.pool_entries(people=list(page.object_list), year=timezone.localdate().year)
    if entries:
        record_view(
            action=POOL_VIEWED,
            request=request,
            people=[entry.person for entry in entries],
            detail={"filters": request.GET.urlencode()[:500], "page": page.number},
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "entries": entries, "page_obj": page, "query": query.urlencode()}
    return render(request, "talent/search.html", context)
