"""What two-level, editor-managed categories share (problem categories of cases, question categories)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class TwoLevelQuerySet(models.QuerySet):
    def in_tree_order(self):
        """Each parent followed by its children, so lists and tick boxes read as a tree."""
        return self.select_related("parent").order_by(
            Coalesce("parent__sort_order", "sort_order"),
            Coalesce("parent__name", "name"),
            F("parent").asc(nulls_first=True),
            "sort_order",
            "name",
        )


class TwoLevelCategory(models.Model):
    """An editor-managed category at most two levels deep. Subclasses add ``name`` and ``slug``."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent category"),
        limit_choices_to={"parent__isnull": True},
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    objects = TwoLevelQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and (self.parent.parent_id or self.parent_id == self.pk):
            raise ValidationError({"parent": _("Categories are at most two levels deep.")})

    def with_children_ids(self) -> list[int]:
        return [self.pk, *self.children.values_list("pk", flat=True)]
