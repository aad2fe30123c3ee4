"""The drafting forms: parsing only. What a draft accepts is report_writing.services' rule."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from report_writing.models import EvidenceSource, RectificationDeadline, Responsibility, Severity
from report_writing.models.drafts import FACT_MAX_LENGTH
from report_writing.services import MAX_EVIDENCE_ROWS, RECOMMENDATION_MAX_LENGTH, SECTION_MAX_LENGTH

SEARCH = "search"
SAVE = "save"
ADD_ROW = "add-row"
PICK = "pick-"
#: Blank evidence rows the form offers without JavaScript.
BLANK_ROWS = 3


def _ids(data, name: str) -> list[int]:
    ids = []
    for value in data.getlist(name):
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(ids))


class StartDraftForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    outline = forms.ModelChoiceField(
        label=_("Outline"), queryset=None, required=False, empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, outlines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outline"].queryset = outlines
        default = next((o for o in outlines if o.is_default), None)
        if default is not None:
            self.fields["outline"].initial = default.pk


def section_texts(data, positions: list[int]) -> dict[int, str]:
    """The posted texts of the draft's sections (textareas named section-<position>); missing ones are left out."""
    texts = {}
    for position in positions:
        name = f"section-{position}"
        if name in data:
            texts[position] = data.get(name, "")[: SECTION_MAX_LENGTH * 2]
    return texts


@dataclass
class EvidenceRow:
    source: str = ""
    count: str = "1"
    note: str = ""

    @property
    def blank(self) -> bool:
        return not self.source and not self.note.strip()


class ProblemForm(forms.Form):
    """One problem entry. Lists (categories, articles, evidence rows) are read from the posted data as they are,
    so a post-back (search, pick a material, one more row) shows everything typed again."""

    fact = forms.CharField(
        label=_("Fact (one sentence)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": FACT_MAX_LENGTH}),
        help_text=_("Who did what, when, how many times or how much: one sentence, no adjectives."),
    )
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.GENERAL)
    responsible_party = forms.CharField(
        label=_("Responsible body or post"),
        required=False,
        max_length=60,
        help_text=_("Write a body or post (e.g. 某局财务股), never a name."),
    )
    responsibility = forms.ChoiceField(
        label=_("Kind of responsibility"), required=False, choices=[("", "—"), *Responsibility.choices]
    )
    q = forms.CharField(required=False, max_length=100)

    def __init__(self, data=None, *, problem=None, **kwargs):
        initial = {}
        if problem is not None:
            initial = {
                "fact": problem.fact,
                "severity": problem.severity,
                "responsible_party": problem.responsible_party,
                "responsibility": problem.responsibility,
            }
        super().__init__(data, initial=initial, **kwargs)
        if data is not None:
            self.category_ids = _ids(data, "categories")
            self.article_ids = _ids(data, "articles")
            self.rows = [
                EvidenceRow(
                    source=data.get(f"evidence-{i}-source", ""),
                    count=data.get(f"evidence-{i}-count", "1") or "1",
                    note=data.get(f"evidence-{i}-note", ""),
                )
                for i in range(min(_int(data.get("evidence-rows"), 0), MAX_EVIDENCE_ROWS))
            ]
            self.action = data.get("action", SAVE)
        elif problem is not None:
            self.category_ids = [c.pk for c in problem.categories.all()]
            self.article_ids = [a.pk for a in problem.articles.all()]
            self.rows = [EvidenceRow(e.source, str(e.count), e.note) for e in problem.evidence.all()]
            self.action = ""
        else:
            self.category_ids, self.article_ids, self.rows, self.action = [], [], [], ""

    @property
    def searching(self) -> bool:
        return self.action == SEARCH

    @property
    def picked(self) -> int | None:
        if self.action.startswith(PICK):
            return _int(self.action[len(PICK) :], None)
        return None

    def pad_rows(self, *, extra: int = 0) -> list[EvidenceRow]:
        """The rows to show: what is there plus blank ones, at least BLANK_ROWS blank ones without JavaScript."""
        filled = [r for r in self.rows if not r.blank]
        blanks = max(BLANK_ROWS, 1) + extra
        return (filled + [EvidenceRow() for _ in range(blanks)])[:MAX_EVIDENCE_ROWS]

    def evidence(self) -> list[tuple[str, str, str]]:
        return [(r.source, r.count, r.note) for r in self.rows if not r.blank]

    def text(self, name: str) -> str:
        if self.is_bound:
            return (self.data.get(name) or "").strip()
        return self.initial.get(name, "") or ""


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": RECOMMENDATION_MAX_LENGTH}),
        required=False,
        help_text=_("What the unit must rectify and how."),
    )
    deadline = forms.ChoiceField(
        label=_("Time limit"), choices=RectificationDeadline.choices, initial=RectificationDeadline.THREE_MONTHS
    )
    lead_party = forms.CharField(
        label=_("Lead body or post"), required=False, max_length=60, help_text=_("A body or post, never a name.")
    )

    def __init__(self, data=None, *, recommendation=None, **kwargs):
        initial = {}
        if recommendation is not None:
            initial = {
                "text": recommendation.text,
                "deadline": recommendation.deadline,
                "lead_party": recommendation.lead_party,
            }
        super().__init__(data, initial=initial, **kwargs)
        if data is not None:
            self.problem_ids = _ids(data, "problems")
        elif recommendation is not None:
            self.problem_ids = [p.pk for p in recommendation.problems.all()]
        else:
            self.problem_ids = []


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


EVIDENCE_SOURCES = EvidenceSource.choices
