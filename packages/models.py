"""Exports an office prepares, the packages it took in, and what each imported item became here."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

APPROVE_PERMISSION = "packages.approve_packageexport"
IMPORT_PERMISSION = "packages.import_package"


class OfficeIdentity(models.Model):
    """Who this site is when its packages travel: the office's name (来源) and a code that stays the same when the
    name is written differently, so a receiver knows a later package comes from the same office."""

    name = models.CharField(
        _("office name"), max_length=60, help_text=_("As receivers should read it, e.g. 某县巡察办.")
    )
    code = models.UUIDField(_("office code"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("office identity")
        verbose_name_plural = _("office identity")

    def __str__(self) -> str:
        return self.name


class ExportStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    APPROVED = "approved", _("Approved")


class PackageExport(models.Model):
    """One version of a package this office sends out. The file is built and frozen when a reviewer approves it,
    so what was checked is what leaves."""

    key = models.SlugField(_("package key"), max_length=60, allow_unicode=True)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=120)
    note = models.TextField(_("note for receivers"), blank=True)
    #: [{"kind": "case", "id": 12}, ...] in the order chosen.
    items = models.JSONField(_("items"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("prepared by")
    )
    created_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    file = models.BinaryField(_("package file"), null=True, editable=False)
    file_sha256 = models.CharField(_("file checksum"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("package export")
        verbose_name_plural = _("package exports")
        permissions = [("approve_packageexport", _("Can approve a content package for export"))]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="packages_one_export_per_version")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class ItemClearance(models.Model):
    """A reviewer decided that a flagged text in an item that is not a page (a question, a quiz) is not real
    personal data. Pages keep theirs in the 脱敏 app, where the page check shows them too."""

    model = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=20)
    text = models.CharField(_("flagged text"), max_length=200)
    reason = models.CharField(_("reason"), max_length=200)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("cleared by")
    )
    cleared_at = models.DateTimeField(_("cleared at"))

    class Meta:
        verbose_name = _("cleared flag (package item)")
        verbose_name_plural = _("cleared flags (package items)")
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id", "kind", "text"], name="packages_one_item_clearance")
        ]

    def __str__(self) -> str:
        return self.text


class PackageUpload(models.Model):
    """A package file that passed the integrity checks, kept between the preview and the editor's confirmation."""

    file = models.BinaryField(null=True)
    file_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(_("file name"), max_length=255)
    source_name = models.CharField(_("source office"), max_length=60)
    source_code = models.CharField(max_length=36)
    package_key = models.CharField(_("package key"), max_length=60)
    package_title = models.CharField(_("title"), max_length=120)
    version = models.PositiveIntegerField(_("version"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    #: What the import did, per item: [{"key", "title", "outcome", "notes": [...]}].
    result = models.JSONField(default=list)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("package import")
        verbose_name_plural = _("package imports")
        permissions = [("import_package", _("Can import content packages"))]

    def __str__(self) -> str:
        return f"{self.source_name}：{self.package_title}（第{self.version}版）"


class ImportedItem(models.Model):
    """What one item of another office's package became here, so a later version updates it, or, when an editor
    changed it here since, is offered beside the local text instead of overwriting it."""

    origin_code = models.CharField(max_length=36)
    origin_key = models.CharField(max_length=120)
    source_name = models.CharField(_("source office"), max_length=60)
    package_key = models.CharField(_("package key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    model = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=255)
    #: Checksum of the item's data as the package carried it, to tell whether a later package changed it.
    incoming_sha256 = models.CharField(max_length=64)
    #: Checksum of the local item right after import, to tell whether an editor changed it here since.
    local_sha256 = models.CharField(max_length=64)
    #: Citations the import could not point at an article in force here (or that changed): for an editor.
    citation_notes = models.JSONField(default=list)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("imported by")
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(fields=["origin_code", "origin_key"], name="packages_one_local_item_per_origin")
        ]

    def __str__(self) -> str:
        return self.title
