"""What a lesson is made of: text, regulation articles shown in full, links to cases and guides, a quiz."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from quizzes.blocks import QuizBlock


class ArticleBlock(blocks.StructBlock):
    """A regulation article quoted in full, with a note on what to look for. Studying the lesson
    puts the article into the reader's review queue."""

    article = SnippetChooserBlock("regulations.RegulationArticle", label=_("regulation article"))
    note = blocks.TextBlock(label=_("what to notice"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("regulation article")
        template = "courses/blocks/article_block.html"


class LinkedPageBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type=["cases.CasePage", "guides.InterviewGuidePage"], label=_("case or guide"))
    note = blocks.TextBlock(label=_("why read it"), required=False)

    class Meta:
        icon = "link"
        label = _("case or interview guide")
        template = "courses/blocks/linked_page_block.html"


LESSON_BLOCKS = [
    ("text", blocks.RichTextBlock(features=["h2", "h3", "bold", "ol", "ul", "link"], label=_("text"))),
    ("article", ArticleBlock()),
    ("reading", LinkedPageBlock()),
    ("quiz", QuizBlock()),
]
