"""A marker's rubric: fixed criteria, each scored 0 to a maximum (the 定性 sentence of a drill, a report draft).
The model keeps one small-integer field per criterion and ``marked_at``; the marker's form offers each criterion
as radio buttons."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: (field name, label) in the order markers and trainees read them.
Rubric = list[tuple[str, str]]


class RubricMarked(models.Model):
    """What a marker adds to a piece of work: the comment, who marked it and when. The model sets ``rubric`` and
    has a small-integer field per criterion."""

    rubric: ClassVar[Rubric] = []

    marker_comment = models.TextField(_("marker's comment"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_marked(self) -> bool:
        return self.marked_at is not None

    @property
    def rubric_total(self) -> int | None:
        if not self.is_marked:
            return None
        return sum(getattr(self, name) or 0 for name, _label in self.rubric)


class RubricFormMixin:
    """For a marker's form: ``add_rubric_fields`` adds a radio list 0…maximum per criterion."""

    rubric: Rubric = []

    def add_rubric_fields(self, *, rubric: Rubric, maximum: int, marked=None) -> None:
        self.rubric = rubric
        choices = [(n, str(n)) for n in range(maximum + 1)]
        for name, label in rubric:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Give this criterion a score.")},
                initial=getattr(marked, name, None) if marked is not None else None,
            )

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _label in self.rubric}

    def rubric_fields(self):
        return [self[name] for name, _label in self.rubric]
