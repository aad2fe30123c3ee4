"""What a lesson is made of: text, regulation articles shown in full, links to cases and guides, a quiz."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from quizzes.blocks import QuizBlock
from regulations.api import CITATION_RELATED, RegulationArticle, citation_of


class ArticleBlock(blocks.StructBlock):
    """A regulation article quoted in full, with a note on what to look for. Studying the lesson
    puts the article into the reader's review queue."""

    article = SnippetChooserBlock("regulations.RegulationArticle", label=_("regulation article"))
    note = blocks.TextBlock(label=_("what to notice"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("regulation article")
        template = "courses/blocks/article_block.html"

    def bulk_to_python(self, values):
        """Every article block of a lesson with what its citation shows (the article in force it became): one
        more query for the lesson, none per article."""
        structs = super().bulk_to_python(values)
        ids = {struct["article"].pk for struct in structs if struct["article"] is not None}
        if ids:
            cited = RegulationArticle.objects.select_related(*CITATION_RELATED).in_bulk(ids)
            for struct in structs:
                if struct["article"] is not None:
                    struct["article"] = cited.get(struct["article"].pk, struct["article"])
        return structs

    def get_context(self, value, parent_context=None):
        """The citation: a quoted article of a superseded edition shows the text of the article in force."""
        context = super().get_context(value, parent_context=parent_context)
        context["citation"] = citation_of(value["article"]) if value["article"] is not None else None
        return context


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
