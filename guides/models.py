"""Interview guides (谈话指南): one per interviewee role and topic."""

from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import SectionIndexPage

DEFAULT_DISCIPLINE_REMINDERS = (
    "<ul>"
    "<li>个别谈话须由两名以上巡察人员共同进行，不得单独谈话。</li>"
    "<li>谈话须形成书面记录，谈话结束后请谈话对象核对并签字确认。</li>"
    "<li>严守保密纪律，不得泄露谈话内容和反映人信息。</li>"
    "<li>不得向谈话对象作出超越职权的承诺，不得诱导、暗示。</li>"
    "</ul>"
)


class IntervieweeRole(models.TextChoices):
    TOP_LEADER = "top_leader", _("Principal leader")
    LEADERSHIP_MEMBER = "leadership_member", _("Member of the leadership team")
    MIDDLE_MANAGER = "middle_manager", _("Middle manager")
    STAFF = "staff", _("Ordinary cadre")
    RETIRED = "retired", _("Retired cadre")
    PUBLIC = "public", _("Service users and the public")


class GuideIndexPage(SectionIndexPage):
    subpage_types = ["guides.InterviewGuidePage"]

    class Meta:
        verbose_name = _("interview guide library")

    def get_context(self, request, *args, **kwargs):
        # Here, not at the top: the selectors import this module's page models.
        from guides.selectors import guides_by_role

        context = super().get_context(request, *args, **kwargs)
        context["roles"] = guides_by_role(index_page=self)
        return context


class InterviewGuidePage(RoutablePageMixin, Page):
    interviewee_role = models.CharField(_("interviewee role"), max_length=24, choices=IntervieweeRole)
    topic = models.CharField(_("topic"), max_length=80)
    summary = models.CharField(_("summary"), max_length=200)
    purpose = RichTextField(_("purpose"), blank=True, features=["bold", "ol", "ul"])
    preparation = RichTextField(_("preparation"), blank=True, features=["bold", "ol", "ul"])
    discipline_reminders = RichTextField(
        _("discipline reminders"), default=DEFAULT_DISCIPLINE_REMINDERS, features=["bold", "ol", "ul"]
    )
    closing = RichTextField(_("closing the interview"), blank=True, features=["bold", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("interviewee_role"),
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("purpose"),
        FieldPanel("preparation"),
        InlinePanel("questions", heading=_("Questions"), label=_("question"), min_num=1),
        FieldPanel("closing"),
        FieldPanel("discipline_reminders"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("topic", boost=2),
        index.SearchField("summary"),
        index.SearchField("purpose"),
        index.SearchField("preparation"),
        index.FilterField("interviewee_role"),
        index.RelatedFields(
            "questions",
            [index.SearchField("question"), index.SearchField("follow_ups"), index.SearchField("watch_for")],
        ),
    ]
    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("interview guide")
        verbose_name_plural = _("interview guides")

    @path("")
    def guide(self, request):
        return self.render(request)

    # Wagtail page routes are slash-terminated path segments, so no ".docx" in the URL;
    # the file name comes from Content-Disposition.
    @path("interview-record/", name="interview_record")
    def interview_record(self, request):
        # guides.documents builds on this module's page model: importing it at the top would be a cycle.
        from guides.documents import build_interview_record, record_filename

        disposition = content_disposition_header(as_attachment=True, filename=record_filename(guide=self))
        return HttpResponse(
            build_interview_record(guide=self),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            headers={"Content-Disposition": disposition},
        )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class InterviewQuestion(Orderable):
    """One question of a guide; its own row so study agendas and search can point at it."""

    guide = ParentalKey(InterviewGuidePage, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=300)
    follow_ups = models.TextField(_("follow-up prompts"), blank=True, help_text=_("One per line."))
    watch_for = models.TextField(_("what to watch for"), blank=True, help_text=_("One per line."))

    panels = [FieldPanel("question"), FieldPanel("follow_ups"), FieldPanel("watch_for")]

    class Meta(Orderable.Meta):
        verbose_name = _("interview question")
        verbose_name_plural = _("interview questions")

    def __str__(self) -> str:
        return self.question

    @property
    def follow_up_list(self) -> list[str]:
        return _lines(self.follow_ups)

    @property
    def watch_for_list(self) -> list[str]:
        return _lines(self.watch_for)
