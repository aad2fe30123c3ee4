"""One row per (revision, citing item, cited article): what an editor must check after a revision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

#: Who works through the list (编辑, 审核, 管理员; granted in migration 0002).
WORK_PERMISSION = "revision_impact.work_on_impact_list"


class ItemKind(models.TextChoices):
    CASE = "case", _("Case")
    QUESTION = "question", _("Question")
    LESSON = "lesson", _("Lesson")
    EVENING = "evening", _("Evening study")
    STUDY_PACK = "study_pack", _("Study pack")
    SUPERVISION_POINT = "supervision", _("Supervision point")


class ImpactStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REPOINTED = "repointed", _("Re-pointed")
    CHECKED = "checked", _("Checked")


class ImpactItem(models.Model):
    edition = models.ForeignKey(
        "regulations.RegulationPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("revision"),
        help_text=_("The revising edition whose publication listed this item."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    object_id = models.PositiveIntegerField(_("item id"))
    title = models.CharField(_("cited item"), max_length=255)
    edit_url = models.CharField(_("edit address"), max_length=255)
    note = models.CharField(_("context line"), max_length=255, blank=True)
    article = models.ForeignKey(
        "regulations.RegulationArticle", on_delete=models.CASCADE, related_name="+", verbose_name=_("cited article")
    )
    #: The question was kept out of quiz draws when the row was made (released when the row is closed).
    withholds = models.BooleanField(_("withholds the question"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ImpactStatus.choices, default=ImpactStatus.OPEN)
    check_note = models.CharField(_("check note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("listed"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dealt with by"),
    )

    class Meta:
        verbose_name = _("revision impact item")
        verbose_name_plural = _("revision impact items")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind", "object_id", "article"], name="unique_impact_item")
        ]
        indexes = [models.Index(fields=["status", "kind"], name="impact_status_kind")]
        permissions = [("work_on_impact_list", _("Can work through the revision impact list"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == ImpactStatus.OPEN


@register_setting(icon="warning")
class RevisionImpactSettings(BaseGenericSetting):
    withhold_changed_questions = models.BooleanField(
        _("withhold questions on changed articles"),
        default=True,
        help_text=_(
            "When a revision changes or removes an article, questions that test it are left out of new quiz "
            "draws until someone checks or re-points them in the revision impact list."
        ),
    )

    class Meta:
        verbose_name = _("revision impact list")
