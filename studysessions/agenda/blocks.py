"""An evening's agenda: ordered items, each of which the projector shows as one or more steps
(see studysessions.agenda.selectors). Pages and snippets of other apps are named as strings
("regulations.RegulationPage"), so the blocks import nothing from those apps."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock


def _minutes():
    return blocks.IntegerBlock(label=_("planned minutes"), required=False, min_value=1, max_value=240)


class ArticleRangeBlock(blocks.StructBlock):
    """逐条学: 第十条 to 第十九条 of one edition, one article per step."""

    regulation = blocks.PageChooserBlock(page_type="regulations.RegulationPage", label=_("regulation edition"))
    first = blocks.IntegerBlock(label=_("from article number"), min_value=1)
    last = blocks.IntegerBlock(label=_("to article number"), min_value=1)
    minutes = _minutes()

    class Meta:
        icon = "list-ol"
        label = _("articles one by one")

    def clean(self, value):
        value = super().clean(value)
        if value["first"] and value["last"] and value["last"] < value["first"]:
            raise StructBlockValidationError(
                block_errors={"last": ValidationError(_("The last article must not come before the first."))}
            )
        return value


class EditionChangesBlock(blocks.StructBlock):
    """What changed: the new edition compared with the one it revises, one changed article per step."""

    edition = blocks.PageChooserBlock(page_type="regulations.RegulationPage", label=_("new edition"))
    minutes = _minutes()

    class Meta:
        icon = "doc-full-inverse"
        label = _("what changed")

    def clean(self, value):
        value = super().clean(value)
        edition = value["edition"]
        if edition is not None and edition.specific.revises_id is None:
            raise StructBlockValidationError(
                block_errors={"edition": ValidationError(_("This edition does not revise an earlier one."))}
            )
        return value


class CaseDiscussionBlock(blocks.StructBlock):
    case = blocks.PageChooserBlock(page_type="cases.CasePage", label=_("case"))
    prompt = blocks.TextBlock(label=_("question for the room"), required=False)
    minutes = _minutes()

    class Meta:
        icon = "folder-open-inverse"
        label = _("case discussion")


class DrillBlock(blocks.StructBlock):
    """定性练习: the room sees the case's anonymised facts, phones answer its category, then the reveal shows the
    room's answers and the case's own categories, characterisation and basis."""

    case = blocks.PageChooserBlock(page_type="cases.CasePage", label=_("case"))
    minutes = _minutes()

    class Meta:
        icon = "tick"
        label = _("characterisation drill")


class ScenarioBlock(blocks.StructBlock):
    """情景演练 played by the whole room: phones vote at each step, the host shows the votes and applies a choice."""

    scenario = blocks.PageChooserBlock(page_type="scenarios.ScenarioPage", label=_("scenario"))
    minutes = _minutes()

    class Meta:
        icon = "arrow-right"
        label = _("scenario drill")


class GuideSection(models.TextChoices):
    PURPOSE = "purpose", _("Purpose")
    PREPARATION = "preparation", _("Preparation")
    QUESTIONS = "questions", _("Interview questions (one per step)")
    DISCIPLINE = "discipline_reminders", _("Discipline reminders")
    CLOSING = "closing", _("Closing the interview")


class GuideSectionBlock(blocks.StructBlock):
    guide = blocks.PageChooserBlock(page_type="guides.InterviewGuidePage", label=_("interview guide"))
    section = blocks.ChoiceBlock(choices=GuideSection.choices, default=GuideSection.QUESTIONS, label=_("section"))
    minutes = _minutes()

    class Meta:
        icon = "help"
        label = _("interview guide section")


class DiscussionBlock(blocks.StructBlock):
    questions = blocks.ListBlock(blocks.TextBlock(label=_("question")), label=_("discussion questions"))
    minutes = _minutes()

    class Meta:
        icon = "comment"
        label = _("discussion")


class TalkBlock(blocks.StructBlock):
    speaker = blocks.CharBlock(label=_("speaker"), max_length=40)
    topic = blocks.CharBlock(label=_("topic"), max_length=120)
    notes = blocks.TextBlock(label=_("notes"), required=False)
    minutes = _minutes()

    class Meta:
        icon = "user"
        label = _("experience talk")


class ClosingQuizBlock(blocks.StructBlock):
    """Asked live, one question at a time; answers are a normal attempt at the quiz. Use a quiz with
    fixed questions so everyone gets the question on the projector."""

    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("quiz"))
    minutes = _minutes()

    class Meta:
        icon = "tick-inverse"
        label = _("closing quiz")


AGENDA_BLOCKS = [
    ("articles", ArticleRangeBlock()),
    ("changes", EditionChangesBlock()),
    ("case", CaseDiscussionBlock()),
    ("guide", GuideSectionBlock()),
    ("discussion", DiscussionBlock()),
    ("talk", TalkBlock()),
    ("quiz", ClosingQuizBlock()),
    ("drill", DrillBlock()),
    ("scenario", ScenarioBlock()),
]
