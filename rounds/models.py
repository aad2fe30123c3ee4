"""Inspection rounds (巡察轮次): units to inspect, teams and their members, and round study packs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from core.models import TaxonomyTerm
from core.taxonomy import TwoLevelCategory
from rounds.forms import InspectionRoundForm


class UnitSystem(TaxonomyTerm):
    """The line of work a unit belongs to (系统: 教育、卫健、农业农村 ...): a flat list kept by editors.

    Recusal matching reads it: a member with a tie in a system does not inspect a unit of the same system.
    """

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("unit system")
        verbose_name_plural = _("unit systems")


class Region(TwoLevelCategory):
    """A township or subdistrict (乡镇/街道), or a village or community (村/社区) within one.

    Recusal matching reads it: a tie in a township meets its villages and a tie in a village meets its township.
    """

    name = models.CharField(_("name"), max_length=40)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("township or subdistrict"),
        help_text=_("Leave empty for a township or subdistrict; choose its township for a village or community."),
        limit_choices_to={"parent__isnull": True},
    )

    class Meta(TwoLevelCategory.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_region_name_in_parent")]


class InspectionRound(ClusterableModel):
    name = models.CharField(_("name"), max_length=80)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    track = models.ForeignKey(
        "courses.Track", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("track")
    )
    managers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_rounds",
        verbose_name=_("office staff managing it"),
        help_text=_("They see this round's dashboard and export it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    base_form_class = InspectionRoundForm
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("track"),
        FieldPanel("managers"),
        InlinePanel("units", heading=_("Units to inspect"), label=_("unit")),
    ]

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        permissions = [
            ("view_every_round", _("Can see every round's dashboard")),
            ("appoint_round_managers", _("Can appoint the office staff managing a round")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A round cannot end before it starts.")})


class InspectedUnit(Orderable):
    round = ParentalKey(InspectionRound, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=120)
    unit_type = models.ForeignKey("core.UnitType", on_delete=models.PROTECT, related_name="+", verbose_name=_("type"))
    system = models.ForeignKey(
        UnitSystem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("system"),
        help_text=_("For recusal: members with a tie in the same system are flagged."),
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("region"),
        help_text=_("For recusal: members with a tie in the same township or village are flagged."),
    )

    panels = [FieldPanel("name"), FieldPanel("unit_type"), FieldPanel("system"), FieldPanel("region")]

    class Meta(Orderable.Meta):
        verbose_name = _("unit to inspect")
        verbose_name_plural = _("units to inspect")

    def __str__(self) -> str:
        return self.name


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")
    LIAISON = "liaison", _("Liaison")


class InspectionTeam(ClusterableModel):
    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="teams", verbose_name=_("round"))
    name = models.CharField(_("name"), max_length=40)
    units = ParentalManyToManyField(
        InspectedUnit, blank=True, related_name="teams", verbose_name=_("units it inspects")
    )

    panels = [
        FieldPanel("round"),
        FieldPanel("name"),
        FieldPanel("units"),
        InlinePanel("members", heading=_("Members"), label=_("member")),
    ]

    class Meta:
        ordering = ["round", "name"]
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="unique_team_name")]

    def __str__(self) -> str:
        return f"{self.round.name} · {self.name}"


class TeamMember(Orderable):
    team = ParentalKey(InspectionTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)
    secondment_ends_on = models.DateField(
        _("secondment ends on"), null=True, blank=True, help_text=_("Empty means the round's end.")
    )

    panels = [FieldPanel("user"), FieldPanel("role"), FieldPanel("secondment_ends_on")]

    class Meta(Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.team} · {self.user}"


class StudyPack(ClusterableModel):
    """Extra study for members whose team inspects a unit of this type (e.g. village funds before villages)."""

    round = models.ForeignKey(
        InspectionRound, on_delete=models.CASCADE, related_name="study_packs", verbose_name=_("round")
    )
    unit_type = models.ForeignKey(
        "core.UnitType", on_delete=models.PROTECT, related_name="+", verbose_name=_("for units of type")
    )
    title = models.CharField(_("title"), max_length=80)
    note = models.TextField(_("note"), blank=True)
    articles = ParentalManyToManyField(
        "regulations.RegulationArticle", blank=True, related_name="+", verbose_name=_("regulation articles")
    )
    cases = ParentalManyToManyField("cases.CasePage", blank=True, related_name="+", verbose_name=_("cases"))
    guides = ParentalManyToManyField(
        "guides.InterviewGuidePage", blank=True, related_name="+", verbose_name=_("interview guides")
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("quiz")
    )

    panels = [
        FieldPanel("round"),
        FieldPanel("unit_type"),
        FieldPanel("title"),
        FieldPanel("note"),
        FieldPanel("articles"),
        FieldPanel("cases"),
        FieldPanel("guides"),
        FieldPanel("quiz"),
    ]

    class Meta:
        ordering = ["round", "title"]
        verbose_name = _("study pack")
        verbose_name_plural = _("study packs")

    def __str__(self) -> str:
        return f"{self.round.name} · {self.title}"
