"""The player's pages: start a run (POST), the run's page (GET, owner only), a choice (POST). Thin: the rules
are in scenarios.services, what a page shows in scenarios.selectors."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from scenarios import selectors, services
from scenarios.forms import LeadRegistrationForm
from scenarios.models import ScenarioPage


@require_POST
def start(request, page_id):
    scenario = get_object_or_404(ScenarioPage.objects.live(), pk=page_id)
    try:
        run = services.start_run(scenario=scenario, user=request.user, restart=request.POST.get("restart") == "1")
    except services.ScenarioError as error:
        messages.error(request, str(error))
        return redirect(scenario.url)
    return redirect("scenarios:run", pk=run.pk)


def _render_run(request, run, *, form=None, status=200):
    view = selectors.run_view(run=run)
    if view.current is not None and view.current.is_lead and form is None:
        form = LeadRegistrationForm()
    return render(request, "scenarios/run.html", {"view": view, "form": form}, status=status)


@require_GET
def run(request, pk):
    return _render_run(request, selectors.run_for_owner(pk=pk, user=request.user))


@require_POST
def choose(request, pk):
    the_run = selectors.run_for_owner(pk=pk, user=request.user)
    try:
        services.choose(
            run_id=the_run.pk,
            user=request.user,
            step_key=request.POST.get("step", ""),
            choice_id=request.POST.get("choice", ""),
            lead=request.POST,
        )
    except services.LeadFormInvalid as invalid:
        messages.error(request, str(invalid))
        return _render_run(request, the_run, form=invalid.form)
    except services.ScenarioError as error:
        messages.warning(request, str(error))
    return redirect("scenarios:run", pk=the_run.pk)
