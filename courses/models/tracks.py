"""Tracks (培训路径) of ordered modules, and what each module requires."""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.validity import MONTH_CHOICES, THIS_ROUND, Validity


def _validity_field(verbose_name, help_text, default=None):
    return models.PositiveSmallIntegerField(
        verbose_name, null=True, blank=True, default=default, choices=MONTH_CHOICES, help_text=help_text
    )


class ModuleForm(WagtailAdminModelForm):
    """Refuses, in plain words, any page chosen as a scenario drill or a report writing exercise that is not one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("scenarios")
        if field is not None:
            field.error_messages["invalid_choice"] = _("Only scenario drill pages can be chosen here.")
        field = self.fields.get("report_exercises")
        if field is not None:
            field.error_messages["invalid_choice"] = _("Only report writing exercise pages can be chosen here.")

    def clean_scenarios(self):
        pages = self.cleaned_data.get("scenarios") or []
        if any(
            page.specific_class is None or page.specific_class._meta.label != "scenarios.ScenarioPage" for page in pages
        ):
            raise forms.ValidationError(_("Only scenario drill pages can be chosen here."))
        return pages

    def clean_report_exercises(self):
        pages = self.cleaned_data.get("report_exercises") or []
        if any(
            page.specific_class is None or page.specific_class._meta.label != "report_writing.ReportExercisePage"
            for page in pages
        ):
            raise forms.ValidationError(_("Only report writing exercise pages can be chosen here."))
        return pages


class Track(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("training track")
        verbose_name_plural = _("training tracks")

    def __str__(self) -> str:
        return self.name


class Module(ClusterableModel):
    """One step of a track. Done when every requirement set here is met (see readiness.rules)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="modules", verbose_name=_("track"))
    sort_order = models.PositiveSmallIntegerField(_("position in the track"), default=0)
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules",
        verbose_name=_("required quiz"),
        help_text=_("Passed at the quiz's own pass mark (any completed attempt if it has none)."),
    )
    requires_confidentiality = models.BooleanField(_("requires the confidentiality commitment"), default=False)
    requires_recusal = models.BooleanField(_("requires the recusal declaration"), default=False)
    min_sessions_attended = models.PositiveSmallIntegerField(
        _("evening sessions to attend"),
        default=0,
        help_text=_("Attendance at evening study sessions since the round was created; make-ups do not count."),
    )
    drill_category = models.ForeignKey(
        "cases.ProblemCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("characterisation drill set"),
        help_text=_("The published cases of this problem category and its sub-types; empty: any published case."),
    )
    min_drills_correct = models.PositiveSmallIntegerField(
        _("cases to characterise exactly right"),
        default=0,
        help_text=_(
            "Different cases of the drill set whose problem category the member chose exactly right since the "
            "round was created; 0: no drill criterion."
        ),
    )
    scenarios = ParentalManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        limit_choices_to={"content_type__app_label": "scenarios", "content_type__model": "scenariopage"},
        verbose_name=_("scenario drills to complete"),
        help_text=_("Each must be played to a good ending (not a red line) since the round was created."),
    )
    report_exercises = ParentalManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        limit_choices_to={"content_type__app_label": "report_writing", "content_type__model": "reportexercisepage"},
        verbose_name=_("report writing exercises to pass"),
        help_text=_("Each needs a draft marked at the exercise's pass mark or above since the round was created."),
    )
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks", verbose_name=_("modules to finish first")
    )
    due_days_before_start = models.PositiveSmallIntegerField(
        _("due (days before the round starts)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # How long a completion counts (courses.validity): empty 长期有效, 0 仅本轮, else months before the round starts.
    lessons_valid_months = _validity_field(
        _("lessons count for"),
        _("Lessons and study pack items: empty counts forever; a refresher is asked when it runs out."),
    )
    quiz_valid_months = _validity_field(
        _("quiz pass counts for"), _("The module's quiz: empty counts forever; “this round only” asks for it again.")
    )
    sessions_valid_months = _validity_field(
        _("evening sessions count for"),
        _("Evenings attended: “this round only” counts those since the round was set up."),
        default=THIS_ROUND,
    )
    practice_valid_months = _validity_field(
        _("practice counts for"),
        _("Drills, scenarios and report exercises: “this round only” counts those since the round was set up."),
        default=THIS_ROUND,
    )

    panels = [
        FieldPanel("track"),
        FieldPanel("title"),
        FieldPanel("sort_order"),
        FieldPanel("description"),
        InlinePanel("lessons", heading=_("Lessons"), label=_("lesson")),
        MultiFieldPanel(
            [
                FieldPanel("quiz"),
                FieldPanel("requires_confidentiality"),
                FieldPanel("requires_recusal"),
                FieldPanel("min_sessions_attended"),
                FieldPanel("prerequisites"),
                FieldPanel("due_days_before_start"),
            ],
            heading=_("Requirements"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("drill_category"),
                FieldPanel("min_drills_correct"),
                FieldPanel("scenarios", widget=forms.CheckboxSelectMultiple),
                FieldPanel("report_exercises", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Practice"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lessons_valid_months"),
                FieldPanel("quiz_valid_months"),
                FieldPanel("sessions_valid_months"),
                FieldPanel("practice_valid_months"),
            ],
            heading=_("How long completions count"),
        ),
    ]

    base_form_class = ModuleForm

    class Meta:
        ordering = ["track", "sort_order", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.track.name} · {self.title}"

    @property
    def lessons_validity(self) -> Validity:
        return Validity(self.lessons_valid_months)

    @property
    def quiz_validity(self) -> Validity:
        return Validity(self.quiz_valid_months)

    @property
    def sessions_validity(self) -> Validity:
        return Validity(self.sessions_valid_months)

    @property
    def practice_validity(self) -> Validity:
        return Validity(self.practice_valid_months)


class ModuleLesson(Orderable):
    module = ParentalKey(Module, on_delete=models.CASCADE, related_name="lessons")
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.PROTECT, related_name="module_placements", verbose_name=_("lesson")
    )

    panels = [FieldPanel("lesson")]

    class Meta(Orderable.Meta):
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [models.UniqueConstraint(fields=["module", "lesson"], name="unique_module_lesson")]
