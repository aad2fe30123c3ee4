"""StreamField blocks of the exercise (its scenario material) and the 范文 (a model report in the same structure as
a draft, so the same checks read it)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from report_writing.models.drafts import EvidenceSource, RectificationDeadline, Responsibility, Severity
from report_writing.models.outline import SectionRole


class MaterialFactBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("fact"), help_text=_("Anonymised: 某某, 张某, 示例单位."))
    case = blocks.PageChooserBlock(page_type="cases.CasePage", required=False, label=_("from case"))

    class Meta:
        label = _("fact")
        icon = "doc-full"


class MaterialEvidenceBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("evidence snippet"))
    source = blocks.ChoiceBlock(choices=EvidenceSource.choices, label=_("source type"))
    count = blocks.IntegerBlock(min_value=1, max_value=99, default=1, label=_("how many sources"))

    class Meta:
        label = _("evidence")
        icon = "clipboard-list"


class ExerciseMaterialBlock(blocks.StreamBlock):
    fact = MaterialFactBlock()
    evidence = MaterialEvidenceBlock()


class ModelSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=40, label=_("title"))
    role = blocks.ChoiceBlock(choices=SectionRole.choices, default=SectionRole.OTHER, label=_("role"))
    text = blocks.TextBlock(required=False, label=_("text"))
    in_feedback = blocks.BooleanBlock(required=False, default=True, label=_("in the feedback opinion"))

    class Meta:
        label = _("section")
        icon = "title"


class ModelEvidenceBlock(blocks.StructBlock):
    source = blocks.ChoiceBlock(choices=EvidenceSource.choices, label=_("source type"))
    count = blocks.IntegerBlock(min_value=1, max_value=99, default=1, label=_("how many sources"))
    note = blocks.CharBlock(max_length=200, required=False, label=_("what it shows"))


class ModelProblemBlock(blocks.StructBlock):
    fact = blocks.CharBlock(max_length=300, label=_("fact (one sentence)"))
    categories = blocks.ListBlock(SnippetChooserBlock("cases.ProblemCategory"), label=_("problem categories"))
    severity = blocks.ChoiceBlock(choices=Severity.choices, default=Severity.GENERAL, label=_("severity"))
    evidence = blocks.ListBlock(ModelEvidenceBlock(), label=_("evidence"))
    articles = blocks.ListBlock(SnippetChooserBlock("regulations.RegulationArticle"), label=_("articles"))
    responsible_party = blocks.CharBlock(max_length=60, required=False, label=_("responsible body or post"))
    responsibility = blocks.ChoiceBlock(
        choices=Responsibility.choices, required=False, label=_("kind of responsibility")
    )

    class Meta:
        label = _("problem")
        icon = "warning"


class ModelRecommendationBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=500, label=_("recommendation"))
    answers = blocks.ListBlock(blocks.IntegerBlock(min_value=1), label=_("problems it answers (their numbers)"))
    deadline = blocks.ChoiceBlock(
        choices=RectificationDeadline.choices, default=RectificationDeadline.THREE_MONTHS, label=_("time limit")
    )
    lead_party = blocks.CharBlock(max_length=60, required=False, label=_("lead body or post"))

    class Meta:
        label = _("recommendation")
        icon = "list-ol"
