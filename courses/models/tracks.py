"""Tracks (培训路径) of ordered modules, and what each module requires."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


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
    prerequisites = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="unlocks", verbose_name=_("modules to finish first")
    )
    due_days_before_start = models.PositiveSmallIntegerField(
        _("due (days before the round starts)"), null=True, blank=True, validators=[MinValueValidator(0)]
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
    ]

    class Meta:
        ordering = ["track", "sort_order", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.track.name} · {self.title}"


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
