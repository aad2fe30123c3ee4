"""Regulation editions as pages, and their articles as first-class rows.

Articles are what cases, quiz questions, study-session agendas and the review queue point at,
so each one is its own record with a stable id, URL and anchor, not text inside a page.
"""

from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from core.models import SectionIndexPage, TaxonomyTerm
from regulations.indexing import import_indexing_is_suspended


class RegulationCategory(TaxonomyTerm):
    """What kind of rule a document is (巡视巡察, 纪律处分, 地方实施办法 ...), for the library filter."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("regulation category")
        verbose_name_plural = _("regulation categories")


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    REVISED = "revised", _("Revised")
    REPEALED = "repealed", _("Repealed")
    NOT_YET_IN_FORCE = "pending", _("Not yet in force")


# The library lists what is in force first, then what is coming, then history.
STATUS_ORDER = [
    RegulationStatus.IN_FORCE,
    RegulationStatus.NOT_YET_IN_FORCE,
    RegulationStatus.REVISED,
    RegulationStatus.REPEALED,
]


class RegulationIndexPage(SectionIndexPage):
    subpage_types = ["regulations.RegulationPage"]

    class Meta:
        verbose_name = _("regulation library")

    def get_context(self, request, *args, **kwargs):
        # Here, not at the top: the selectors import this module's page models.
        from regulations.selectors import LibraryFilter, library_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(library_listing(library=self, library_filter=LibraryFilter.from_query(request.GET)))
        return context


class RegulationPage(RoutablePageMixin, Page):
    """One edition of a regulation document (法规). A revised text is a new edition that `revises` the old."""

    issuing_body = models.CharField(_("issuing body"), max_length=120, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    category = models.ForeignKey(
        RegulationCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regulations",
        verbose_name=_("category"),
    )
    adopted_date = models.DateField(_("adopted on"), null=True, blank=True)
    issued_date = models.DateField(_("issued on"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(
        _("validity status"), max_length=16, choices=RegulationStatus, default=RegulationStatus.IN_FORCE
    )
    revises = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revised_by",
        verbose_name=_("revises edition"),
        help_text=_("The earlier edition this text replaces; the comparison page is built from it."),
    )
    preamble = models.TextField(_("preamble"), blank=True)
    preface = models.TextField(_("text before the first article"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("issuing_body"),
                FieldPanel("document_number"),
                FieldPanel("category"),
                FieldRowPanel([FieldPanel("adopted_date"), FieldPanel("issued_date"), FieldPanel("effective_date")]),
                FieldPanel("status"),
                FieldPanel("revises"),
            ],
            heading=_("Document"),
        ),
        FieldPanel("preamble"),
        FieldPanel("preface"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("issuing_body"),
        index.SearchField("document_number"),
        index.SearchField("preamble"),
        index.FilterField("status"),
    ]
    parent_page_types = ["regulations.RegulationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")

    def get_indexed_instance(self):
        # None: modelsearch's per-object signal handlers skip it while the import indexes the edition itself.
        return None if import_indexing_is_suspended() else super().get_indexed_instance()

    def version_in_force(self) -> "RegulationPage":
        """The edition a link to this one should lead to now (core.blocks.in_force): the newest edition in
        force that revises it, else itself."""
        # Here, not at the top: the selectors import this module's page models.
        from regulations.selectors import current_edition

        if self.status not in (RegulationStatus.REVISED, RegulationStatus.REPEALED):
            return self  # in force or not yet: nothing replaces it, no need to walk the revisions
        return current_edition(edition=self) or self

    @path("")
    def edition(self, request):
        # Here, not at the top: the selectors import this module's page models.
        from regulations.selectors import edition_context

        return self.render(request, context_overrides=edition_context(edition=self))

    @path("changes/", name="changes")
    def changes(self, request):
        # Here, not at the top: the selectors import this module's page models.
        from regulations.selectors import comparison_context

        if self.revises_id is None:
            raise Http404
        return self.render(
            request,
            template="regulations/regulation_changes.html",
            context_overrides=comparison_context(edition=self),
        )


#: How an article fared in a later edition (the comparison's kinds, regulations.comparison.ChangeKind, but
#: "added", which no earlier article can be).
ARTICLE_CHANGES = [
    ("unchanged", _("Unchanged")),
    ("renumbered", _("Renumbered")),
    ("changed", _("Changed")),
    ("renumbered_changed", _("Renumbered and changed")),
    ("removed", _("Removed")),
]


class RegulationArticleQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


class RegulationArticle(index.Indexed, models.Model):
    """One article (条) of one regulation edition."""

    regulation = models.ForeignKey(
        RegulationPage, on_delete=models.CASCADE, related_name="articles", verbose_name=_("regulation")
    )
    ordinal = models.PositiveIntegerField(_("position"))
    number = models.PositiveIntegerField(_("article number"))
    label = models.CharField(_("number as written"), max_length=20)
    part = models.CharField(_("part"), max_length=120, blank=True)
    chapter = models.CharField(_("chapter"), max_length=120, blank=True)
    section = models.CharField(_("section"), max_length=120, blank=True)
    text = models.TextField(_("text"), help_text=_("One paragraph per line; items such as （一） on their own lines."))
    # The article's identity across editions (regulations.succession), written when a revising edition goes
    # in force, so readers never wait for a comparison. Empty while this article's edition is the one in force.
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        verbose_name=_("successor in the next edition"),
        editable=False,
    )
    successor_change = models.CharField(
        _("change in the next edition"), max_length=20, choices=ARTICLE_CHANGES, blank=True, editable=False
    )
    current = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("article in the edition in force"),
        editable=False,
    )
    change_to_current = models.CharField(
        _("change up to the edition in force"), max_length=20, choices=ARTICLE_CHANGES, blank=True, editable=False
    )

    objects = RegulationArticleQuerySet.as_manager()

    search_fields = [
        index.SearchField("label", boost=3),
        index.SearchField("text"),
        index.FilterField("regulation"),
        # The admin's 法规条文 listing sorts by its columns while searching; the backend refuses
        # to order by a field it was not told about.
        index.FilterField("label"),
        index.FilterField("chapter"),
    ]

    class Meta:
        ordering = ["regulation", "ordinal"]
        verbose_name = _("regulation article")
        verbose_name_plural = _("regulation articles")
        constraints = [
            models.UniqueConstraint(fields=["regulation", "ordinal"], name="unique_article_position"),
            models.UniqueConstraint(fields=["regulation", "number"], name="unique_article_number"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation.title} {self.label}"

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.text.splitlines() if line.strip()]

    def get_url(self, request=None) -> str:
        return f"{self.regulation.get_url(request)}#{self.anchor}"

    def get_indexed_instance(self):
        # None: modelsearch's per-object signal handlers skip it while the import indexes articles itself.
        return None if import_indexing_is_suspended() else self


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Parsed, waiting for confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


class RegulationImport(models.Model):
    """One attempt to import a regulation text: the uploaded file, what became of it, and who tried.

    Kept for failed attempts too, so the office can see what went wrong; the regulation itself is
    only ever written whole.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    revises = models.ForeignKey(
        RegulationPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revises edition"),
    )
    source = models.BinaryField(_("uploaded file"))
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus, default=ImportStatus.PREVIEWED)
    error = models.TextField(_("error"), blank=True)
    regulation = models.ForeignKey(
        RegulationPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        verbose_name=_("imported edition"),
    )
    # The background write (regulations.import_jobs): options, progress and the worker's sign of life.
    allow_numbering_gaps = models.BooleanField(default=False)
    publish = models.BooleanField(default=False)
    articles = models.PositiveIntegerField(_("articles"), default=0)
    progress = models.PositiveIntegerField(_("articles written"), default=0)
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("regulation import")
        verbose_name_plural = _("regulation imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.IMPORTED, ImportStatus.FAILED)

    @property
    def is_running(self) -> bool:
        return self.status == ImportStatus.RUNNING

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.IMPORTED:
            return 100
        return 100 * self.progress // self.articles if self.articles else 0
