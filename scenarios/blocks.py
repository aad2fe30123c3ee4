"""What a scenario is made of: steps with a situation and choices; each choice leads to a step or ends the run.

The steps' StreamField refuses a scenario that cannot be played (``ScenarioStepsBlock.clean``, the rules in
:mod:`scenarios.validation`), with each message on the step it is about.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from scenarios.endings import Ending
from scenarios.validation import ChoiceShape, StepShape, scenario_problems

#: The StreamField block type of the 线索登记 step: it shows the practice lead form above its choices.
LEAD_STEP = "lead"
PLAIN_STEP = "step"


class ScenarioChoiceBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=200, label=_("choice text"), help_text=_("What the trainee decides to do."))
    consequence = blocks.TextBlock(label=_("consequence"), help_text=_("What happens next, shown after choosing."))
    rule = blocks.CharBlock(max_length=300, label=_("the rule behind it"), help_text=_("One line."))
    article = SnippetChooserBlock("regulations.RegulationArticle", required=False, label=_("regulation article"))
    points = blocks.IntegerBlock(default=0, min_value=-100, max_value=100, label=_("points (may be negative)"))
    leads_to = blocks.CharBlock(
        max_length=40,
        required=False,
        label=_("next step (its key)"),
        help_text=_("Leave empty if this choice ends the scenario."),
    )
    ending = blocks.ChoiceBlock(
        choices=Ending.choices,
        required=False,
        label=_("or: ending"),
        help_text=_("Completed, or a red line that ends the scenario at once."),
    )
    ending_note = blocks.CharBlock(max_length=200, required=False, label=_("why it ends here (one line)"))

    class Meta:
        icon = "arrow-right"
        label = _("scenario choice")


class ScenarioStepBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        max_length=40,
        label=_("key"),
        help_text=_("A short name, unique in this scenario, that choices use to lead here (e.g. report-leader)."),
    )
    situation = blocks.TextBlock(label=_("situation"))
    choices = blocks.ListBlock(ScenarioChoiceBlock(), label=_("scenario choices"))

    class Meta:
        icon = "help"
        label = _("scenario step")


class LeadStepBlock(ScenarioStepBlock):
    """A step that first asks the trainee to fill in the practice 线索登记 form, then to choose."""

    class Meta:
        icon = "form"
        label = _("step: register a lead")


def step_shapes(stream) -> list[StepShape]:
    """The plain shape of a steps StreamValue (or a list of (type, dict) pairs) for :mod:`scenarios.validation`."""
    shapes = []
    for child in stream:
        value = child.value if hasattr(child, "value") else child[1]
        shapes.append(
            StepShape(
                key=(value.get("key") or "").strip(),
                choices=tuple(
                    ChoiceShape(leads_to=(c.get("leads_to") or "").strip(), ending=c.get("ending") or "")
                    for c in (value.get("choices") or [])
                ),
            )
        )
    return shapes


class ScenarioStepsBlock(blocks.StreamBlock):
    step = ScenarioStepBlock()
    lead = LeadStepBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        problems = scenario_problems(step_shapes(value))
        if problems:
            by_step: dict[int, list[ValidationError]] = {}
            overall = []
            for problem in problems:
                if problem.step is None:
                    overall.append(ValidationError(problem.message))
                else:
                    by_step.setdefault(problem.step, []).append(ValidationError(problem.message))
            raise StreamBlockValidationError(
                block_errors={
                    index: StructBlockValidationError(non_block_errors=errors) for index, errors in by_step.items()
                },
                non_block_errors=overall,
            )
        return value
