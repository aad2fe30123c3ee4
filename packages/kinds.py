"""What a package can carry: each kind of item, the model behind it, where it lands here and how it arrives."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

__all__ = ["KINDS", "Kind", "kind_for_model", "kind_named"]


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    model_label: str
    #: Set on a newly imported item so it waits for an editor: (field, value).
    on_arrival: tuple[tuple[str, object], ...] = ()
    #: (kind key, lookup) of items that travel with one of this kind: a quiz takes its fixed questions along. The
    #: lookup filters that kind's rows by the chosen ids, or is a function of the chosen ids giving theirs.
    requires: tuple[tuple[str, object], ...] = ()
    #: Rows that belong to the item through a plain foreign key (a track's modules), by accessor name.
    reverse_children: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def is_page(self) -> bool:
        return issubclass(self.model, Page)

    def choices(self):
        """What an editor may put in a package: published pages (drafts never leave), or every row."""
        if self.is_page:
            return self.model.objects.live().order_by("title")
        return self.model.objects.all().order_by("pk")

    def parent_page(self) -> Page | None:
        """Where an imported page of this kind lands: the section index its type lives under."""
        parent_model = apps.get_model(self.model.parent_page_types[0])
        return parent_model.objects.first()

    def title_of(self, instance) -> str:
        return getattr(instance, "title", None) or str(instance)[:120]


def _module_pages(track_ids: list[int], field: str) -> list[int]:
    module = apps.get_model("courses.Module")
    return [pk for pk in module.objects.filter(track__in=track_ids).values_list(field, flat=True) if pk]


# In dependency order: an item may refer to items of kinds listed before it (a quiz to its questions, a lesson
# to a quiz, a case or a guide, a supervision point to its example cases, an exercise to its 范文), so those are
# imported first.
KINDS = [
    Kind("case", _("Cases"), "cases.CasePage"),
    Kind("guide", _("Interview guides"), "guides.InterviewGuidePage"),
    Kind("question", _("Question bank"), "quizzes.Question", on_arrival=(("withheld_from_draws", True),)),
    Kind(
        "quiz",
        _("Quizzes"),
        "quizzes.Quiz",
        on_arrival=(("is_draft", True),),
        requires=(("question", "quiz_placements__quiz__in"),),
    ),
    Kind("lesson", _("Lessons"), "courses.LessonPage"),
    Kind(
        "track",
        _("Training tracks"),
        "courses.Track",
        requires=(
            ("lesson", "module_placements__module__track__in"),
            ("quiz", "modules__track__in"),
            ("scenario", lambda ids: _module_pages(ids, "scenarios")),
            ("exercise", lambda ids: _module_pages(ids, "report_exercises")),
        ),
        reverse_children=("modules",),
    ),
    Kind("point", _("Supervision points"), "supervision.SupervisionPointPage"),
    Kind("scenario", _("Scenarios"), "scenarios.ScenarioPage"),
    Kind("model_report", _("Model reports"), "report_writing.ModelReportPage"),
    Kind("exercise", _("Report-writing exercises"), "report_writing.ReportExercisePage"),
]
_BY_KEY = {kind.key: kind for kind in KINDS}


def kind_named(key: str) -> Kind | None:
    return _BY_KEY.get(key)


def kind_for_model(model: type[models.Model]) -> Kind | None:
    label = model._meta.label_lower
    return next((kind for kind in KINDS if kind.model_label.lower() == label), None)
