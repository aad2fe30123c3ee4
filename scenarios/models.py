"""情景演练: scenario pages written by editors, and each person's runs through them.

A run is written only by :mod:`scenarios.services`. Each step taken keeps a copy of what was chosen (label,
consequence, rule, points), so a run's summary still reads right after an editor changes the scenario.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import SectionIndexPage
from scenarios.blocks import LEAD_STEP, ScenarioStepsBlock
from scenarios.endings import Ending


class ScenarioIndexPage(SectionIndexPage):
    subpage_types = ["scenarios.ScenarioPage"]

    class Meta:
        verbose_name = _("scenario drills section")

    def get_context(self, request, *args, **kwargs):
        from scenarios.selectors import scenario_list

        context = super().get_context(request, *args, **kwargs)
        context["scenarios"] = scenario_list(index=self, user=request.user)
        return context


class ScenarioPage(Page):
    intro = models.TextField(_("short introduction"), max_length=500, blank=True)
    trains = models.TextField(_("the situation it trains"), max_length=500, blank=True)
    steps = StreamField(
        ScenarioStepsBlock(), verbose_name=_("steps"), help_text=_("The first step is where a run starts.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("trains"), FieldPanel("steps")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("trains")]
    parent_page_types = ["scenarios.ScenarioIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def get_context(self, request, *args, **kwargs):
        from scenarios.selectors import runs_of

        context = super().get_context(request, *args, **kwargs)
        context["runs"] = runs_of(scenario=self, user=request.user)
        return context

    # --- reading the steps -------------------------------------------------------------------------------

    def first_step_key(self) -> str:
        return self.steps[0].value["key"].strip() if len(self.steps) else ""

    def step(self, key: str):
        """The step with this key as (block, is_lead_step), or (None, False)."""
        for child in self.steps:
            if child.value["key"].strip() == key:
                return child, child.block_type == LEAD_STEP
        return None, False


class ScenarioRun(models.Model):
    """One play of a scenario by one person. ``current_step`` is empty once it has ended."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scenario_runs")
    scenario = models.ForeignKey(ScenarioPage, on_delete=models.CASCADE, related_name="runs")
    current_step = models.CharField(_("current step"), max_length=40, blank=True)
    score = models.IntegerField(_("score"), default=0)
    ending = models.CharField(_("ending"), max_length=20, choices=Ending.choices, blank=True)
    ending_note = models.CharField(_("why it ended"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("scenario run")
        verbose_name_plural = _("scenario runs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One run in progress per person and scenario: a double tap on 开始 starts one.
            models.UniqueConstraint(
                fields=["user", "scenario"], condition=Q(finished_at__isnull=True), name="scenarios_one_open_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.scenario_id} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def completed(self) -> bool:
        return self.ending == Ending.GOOD


class RunStep(models.Model):
    """A step taken in a run: the choice made and a copy of what it said. ``lead`` holds the practice lead
    form of a 线索登记 step."""

    run = models.ForeignKey(ScenarioRun, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    step_key = models.CharField(max_length=40)
    choice_id = models.CharField(max_length=64)
    choice_label = models.CharField(max_length=200)
    consequence = models.TextField()
    rule = models.CharField(max_length=300)
    article = models.ForeignKey("regulations.RegulationArticle", on_delete=models.SET_NULL, null=True, blank=True)
    points = models.IntegerField(default=0)
    lead = models.JSONField(null=True, blank=True)
    chosen_at = models.DateTimeField()

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="scenarios_one_choice_per_position")]

    def __str__(self) -> str:
        return f"{self.run_id} #{self.position} {self.step_key}"
