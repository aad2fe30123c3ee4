"""定性练习: the section page, and one row per attempt at characterising a case (repeatable)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import SectionIndexPage
from core.rubric import RubricMarked

MARK_PERMISSION = "drills.mark_drill_sentence"
#: One line: a 定性 sentence, not an essay.
SENTENCE_MAX_LENGTH = 200
RUBRIC_MAX = 2


class CategoryResult(models.TextChoices):
    EXACT = "exact", _("Right")
    PARTIAL = "partial", _("Partly right")
    WRONG = "wrong", _("Wrong")


class DrillIndexPage(SectionIndexPage):
    """定性练习: lists every published case as a drill. The drills themselves are views under /drills/ (drills.urls),
    addressed by the case's id only, so no URL names the case or its category."""

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("characterisation drills")

    def get_context(self, request, *args, **kwargs):
        from drills.selectors import CategoryFilter, drill_list  # here: the selectors import this module

        context = super().get_context(request, *args, **kwargs)
        context.update(drill_list(user=request.user, category_filter=CategoryFilter.from_query(request.GET)))
        return context


#: The fixed rubric of a 定性 sentence, in the order markers and trainees read it.
RUBRIC = [
    ("facts_clear", _("Facts clear")),
    ("evidence_corroborated", _("Evidence corroborated")),
    ("basis_accurate", _("Basis accurate")),
    ("wording_apt", _("Wording apt")),
    ("circumstances_distinguished", _("Circumstances distinguished")),
]


class DrillAttempt(RubricMarked):
    """One try at a case: the category and articles chosen, the 定性 sentence, the scores, and the marker's rubric."""

    rubric = RUBRIC

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drill_attempts", verbose_name=_("user")
    )
    case = models.ForeignKey(
        "cases.CasePage", on_delete=models.CASCADE, related_name="drill_attempts", verbose_name=_("case")
    )
    #: Against a double tap: the form's one-time token (a second POST of the same form finds the first attempt).
    token = models.UUIDField(_("form token"), editable=False)
    category = models.ForeignKey(
        "cases.ProblemCategory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chosen category"),
    )
    expected_category = models.ForeignKey(
        "cases.ProblemCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("the case's category compared with"),
    )
    articles = models.ManyToManyField(
        "regulations.RegulationArticle", blank=True, related_name="+", verbose_name=_("chosen articles")
    )
    sentence = models.CharField(_("characterisation sentence"), max_length=SENTENCE_MAX_LENGTH)
    category_result = models.CharField(_("category result"), max_length=10, choices=CategoryResult.choices)
    articles_hit = models.PositiveSmallIntegerField(_("articles found"), default=0)
    articles_missed = models.PositiveSmallIntegerField(_("articles missed"), default=0)
    articles_extra = models.PositiveSmallIntegerField(_("articles not cited by the case"), default=0)
    #: Article ids by outcome (drills.scoring.ArticleScore): hits, missed, extra, mapped, missed_in_force.
    article_outcome = models.JSONField(_("article outcome"), default=dict, blank=True)
    created_at = models.DateTimeField(_("answered at"))

    # The marker's rubric (each 0–2), filled by drills.services.mark_sentence.
    facts_clear = models.PositiveSmallIntegerField(_("facts clear"), null=True, blank=True)
    evidence_corroborated = models.PositiveSmallIntegerField(_("evidence corroborated"), null=True, blank=True)
    basis_accurate = models.PositiveSmallIntegerField(_("basis accurate"), null=True, blank=True)
    wording_apt = models.PositiveSmallIntegerField(_("wording apt"), null=True, blank=True)
    circumstances_distinguished = models.PositiveSmallIntegerField(
        _("circumstances distinguished"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("characterisation drill attempt")
        verbose_name_plural = _("characterisation drill attempts")
        ordering = ["-created_at", "-pk"]
        permissions = [("mark_drill_sentence", "Can mark the sentences of characterisation drills")]
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="unique_drill_attempt_token")]
        indexes = [
            models.Index(fields=["user", "case", "-created_at"], name="drill_attempt_user_case"),
            models.Index(fields=["marked_at", "created_at"], name="drill_attempt_marking"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.case_id} · {self.created_at:%Y-%m-%d %H:%M}"
