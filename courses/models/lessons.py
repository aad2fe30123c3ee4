"""Lessons are Wagtail pages under the 学习课程 section, so editors write them with the page workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import SectionIndexPage
from courses.blocks import LESSON_BLOCKS


class CourseIndexPage(SectionIndexPage):
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course library")


class LessonPage(Page):
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("minutes to study"), default=15)
    body = StreamField(LESSON_BLOCKS, verbose_name=_("lesson"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def linked_article_ids(self) -> list[int]:
        """The articles quoted in the lesson: studying it puts them in the reader's review queue."""
        return [
            block.value["article"].pk for block in self.body if block.block_type == "article" and block.value["article"]
        ]

    def get_context(self, request, *args, **kwargs):
        # Here, not at the top: the selectors import this module's page models.
        from courses.selectors import lesson_context

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(lesson=self, user=request.user))
        return context
