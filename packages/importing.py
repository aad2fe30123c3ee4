"""Taking in another office's package: check the file and keep it, then (after the preview, packages.previewing)
import it in one transaction.

- new: it arrives as a draft (pages), withheld from draws (questions) or a draft quiz, for this office's review;
- update: the new version arrives as a new draft revision (the published text stays until a reviewer publishes);
- conflict: the editor keeps the local text, or takes the package's as a draft revision (theirs stays in the
  page's history);
- unchanged and own: nothing is written.

Citations land on the article of the edition in force here (packages.citations); those that do not are recorded
on the item for an editor.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalManyToManyField
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from audit.api import record_security_event
from packages.citations import CitationResolver, citation_label
from packages.decoding import Decoded, Decoder, Unresolvable
from packages.format import PackageContents, PackageError, read_package, sha256
from packages.kinds import Kind, kind_named
from packages.models import IMPORT_PERMISSION, ImportedItem, OfficeIdentity, PackageUpload
from packages.previewing import (
    OUTCOME_LABELS,
    ImportPreview,
    ItemPreview,
    Outcome,
    incoming_checksum,
    local_checksum,
    preview_import,
    unresolvable_message,
)

__all__ = ["ImportPreview", "ItemPreview", "Outcome", "apply_import", "preview_import", "upload_package"]


def upload_package(*, data: bytes, file_name: str, user, request=None) -> PackageUpload:
    """Keep a package that passed every integrity check, for the preview; PackageError (nothing kept) if not."""
    if not user.has_perm(IMPORT_PERMISSION):
        raise PackageError(_("You may not import content packages."))
    contents = read_package(data)
    office = OfficeIdentity.objects.first()
    if office is not None and contents.source_code == str(office.code):
        raise PackageError(_("This package was exported by this office itself; there is nothing to import."))
    for item in contents.items:
        if kind_named(item["kind"]) is None:
            raise PackageError(
                _("The package holds a kind of item this site does not know: %(kind)s.") % {"kind": item["kind"]}
            )
    package = contents.package
    with transaction.atomic():  # the kept file and its audit entry, or neither
        upload = PackageUpload.objects.create(
            file=data,
            file_sha256=sha256(data),
            file_name=(file_name or "")[:255],
            source_name=contents.source_name[:60],
            source_code=contents.source_code[:36],
            package_key=package["key"][:60],
            package_title=package["title"][:120],
            version=package["version"],
            uploaded_by=user,
        )
        record_security_event(
            action="packages.uploaded",
            request=request,
            actor=user,
            detail={
                "upload_id": upload.pk,
                "source": upload.source_name,
                "key": upload.package_key,
                "version": upload.version,
            },
        )
    return upload


def _picture_size(content: bytes, path: str) -> tuple[int, int]:
    try:
        return PILImage.open(io.BytesIO(content)).size
    except (OSError, ValueError) as error:
        raise PackageError(_("A picture in the package is damaged: %(path)s") % {"path": path}) from error


class _Run:
    """One import: the objects made so far (for references between items) and the files written (removed if the
    transaction fails, so nothing is left behind)."""

    def __init__(self, contents: PackageContents, user) -> None:
        self.contents = contents
        self.user = user
        self.by_key: dict[str, object] = {}
        self.media: dict[str, object] = {}
        self.files: list = []
        self.resolver = CitationResolver()
        self.citation_notes: list[dict] = []
        self.terms: dict = {}

    def article(self, citation: dict):
        resolution = self.resolver.resolve(citation)
        if resolution.needs_editor:
            self.citation_notes.append(
                {"citation": citation_label(citation), "outcome": resolution.outcome.value, "note": resolution.note}
            )
        return resolution.article

    def item(self, key: str):
        return self.by_key.get(key)

    def media_object(self, path: str, kind: str, title: str):
        if path in self.media:
            return self.media[path]
        content = self.contents.media(path)
        model = get_image_model() if kind == "image" else get_document_model()
        file_hash = hash_filelike(io.BytesIO(content))
        # The same file already here (Wagtail keeps each file's checksum) is used, not stored twice.
        existing = model.objects.filter(file_hash=file_hash, file_size=len(content)).first()
        if existing is None:
            existing = model(title=(title or path.rsplit("/", 1)[-1])[:255], uploaded_by_user=self.user)
            size = _picture_size(content, path) if kind == "image" else None
            existing.file.save(path.rsplit("/", 1)[-1], ContentFile(content), save=False)
            self.files.append(existing.file)
            if size is not None:
                existing.width, existing.height = size  # after the file: saving it resets them
            existing.file_size, existing.file_hash = len(content), file_hash
            existing.save()
        self.media[path] = existing
        return existing

    def decoder(self) -> Decoder:
        return Decoder(article=self.article, item=self.item, media=self.media_object, terms=self.terms)


def apply_import(*, upload: PackageUpload, user, keep_local: set[str], request=None) -> list[dict]:
    """Import everything the preview showed. ``keep_local``: keys of conflicting items whose local text the editor
    keeps (every other conflict takes the package's version as a draft). All or nothing."""
    if not user.has_perm(IMPORT_PERMISSION):
        raise PackageError(_("You may not import content packages."))
    run = None
    try:
        with transaction.atomic():
            locked = PackageUpload.objects.select_for_update().get(pk=upload.pk)
            if locked.imported_at is not None:
                raise PackageError(_("This package was imported already."))
            contents = read_package(bytes(locked.file))
            run = _Run(contents, user)
            preview = preview_import(upload=locked, contents=contents)
            if preview.problems:
                raise PackageError(preview.problems[0])
            results = []
            for item, item_preview in zip(contents.items, preview.items, strict=True):
                results.append(_import_item(run, locked, item, item_preview, keep_local=keep_local))
            locked.imported_at = timezone.now()
            locked.result = results
            locked.file = None  # what came in is now in the site; the upload row stays as the record
            locked.save(update_fields=["imported_at", "result", "file"])
            record_security_event(
                action="packages.imported",
                request=request,
                actor=user,
                detail={
                    "upload_id": locked.pk,
                    "source": locked.source_name,
                    "key": locked.package_key,
                    "version": locked.version,
                    "outcomes": {o: sum(1 for r in results if r["outcome"] == o) for o in OUTCOME_LABELS},
                },
            )
    except Exception:
        for stored in run.files if run else []:
            stored.storage.delete(stored.name)
        raise
    return results


def _import_item(run: _Run, upload: PackageUpload, item: dict, preview: ItemPreview, *, keep_local: set[str]) -> dict:
    kind = preview.kind
    run.citation_notes = []
    decoder = run.decoder()
    outcome = preview.outcome
    result = {"key": item["key"], "kind": kind.key, "title": preview.title, "outcome": outcome, "notes": []}
    if preview.local is not None:
        result.update(model=type(preview.local)._meta.label_lower, object_id=preview.local.pk)
    imported = ImportedItem.objects.filter(origin_code=item["origin"]["code"], origin_key=item["origin"]["key"]).first()
    if outcome == Outcome.OWN:
        run.by_key[item["key"]] = preview.local
        return result
    if outcome == Outcome.UNCHANGED or (outcome == Outcome.CONFLICT and item["key"] in keep_local):
        run.by_key[item["key"]] = preview.local
        if outcome == Outcome.CONFLICT:
            result["outcome"] = "kept"
            _remember(run, upload, item, preview.local, imported, local_sha=imported.local_sha256)
        return result
    try:
        decoded = decoder.decode(kind.model, item["data"])
    except Unresolvable as error:
        raise PackageError(unresolvable_message(preview.title, error)) from error
    if outcome == Outcome.NEW:
        obj = _create(kind, decoded, user=run.user, source=upload)
    else:
        obj = _update(kind, preview.local, decoded, user=run.user, source=upload)
    run.by_key[item["key"]] = obj
    result.update(model=type(obj)._meta.label_lower, object_id=obj.pk)
    result["notes"] = decoder.notes + [n["note"] for n in run.citation_notes]
    _remember(run, upload, item, obj, imported, local_sha=local_checksum(_fresh(obj)))
    return result


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _remember(run, upload, item, obj, imported: ImportedItem | None, *, local_sha: str) -> None:
    values = {
        "source_name": item["origin"].get("name") or upload.source_name,
        "package_key": upload.package_key,
        "version": upload.version,
        "model": type(obj)._meta.label_lower,
        "object_id": obj.pk,
        "title": item.get("title", "")[:255],
        "incoming_sha256": incoming_checksum(item),
        "local_sha256": local_sha,
        "citation_notes": list(run.citation_notes),
        "imported_at": timezone.now(),
        "imported_by": run.user,
    }
    ImportedItem.objects.update_or_create(
        origin_code=item["origin"]["code"], origin_key=item["origin"]["key"], defaults=values
    )


def _apply(obj, model, plain: dict, many: dict, children: dict) -> list[tuple[str, list]]:
    """Set values on ``obj``; returns the plain many-to-many fields to set after it is saved."""
    for name, value in plain.items():
        setattr(obj, name, value)
    for name, rows in children.items():
        setattr(obj, name, rows)
    later = []
    for name, objs in many.items():
        if isinstance(model._meta.get_field(name), ParentalManyToManyField):
            setattr(obj, name, objs)
        else:
            later.append((name, objs))
    return later


def _source_note(upload: PackageUpload) -> dict:
    return {"source": upload.source_name, "package": upload.package_title, "version": upload.version}


def _create(kind: Kind, decoded: Decoded, *, user, source: PackageUpload):
    model = kind.model
    obj = model()
    later = _apply(obj, model, decoded.plain, decoded.many, decoded.children)
    for name, value in kind.on_arrival:
        setattr(obj, name, value)
    if kind.is_page:
        parent = kind.parent_page()
        obj.slug = _free_page_slug(parent, obj.slug or "imported")
        obj.live, obj.has_unpublished_changes, obj.owner = False, True, user
        parent.add_child(instance=obj)
        obj.save_revision(user=user, log_action=True)
        _log(obj, user, source)
    else:
        _free_unique_values(obj, source=source)
        obj.save()
    for name, objs in later:
        getattr(obj, name).set(objs)
    _replace_rows(obj, decoded.reverse)
    return obj


def _update(kind: Kind, local, decoded: Decoded, *, user, source: PackageUpload):
    model = kind.model
    if kind.is_page:
        draft = local.get_latest_revision_as_object()
        slug = draft.slug
        _apply(draft, model, decoded.plain, decoded.many, decoded.children)
        draft.slug = slug  # the page keeps its address here
        draft.save_revision(user=user, log_action=True)
        _log(draft, user, source)
        return draft
    kept = {name: getattr(local, name) for name in _unique_text_fields(model)}
    later = _apply(local, model, decoded.plain, decoded.many, decoded.children)
    for name, value in kept.items():
        setattr(local, name, value)  # its name and address here stay
    for name, value in kind.on_arrival:
        if name == "withheld_from_draws":
            setattr(local, name, value)  # a changed question waits for an editor again; a quiz keeps its state
    local.save()
    for name, objs in later:
        getattr(local, name).set(objs)
    _replace_rows(local, decoded.reverse)
    return local


def _replace_rows(obj, reverse: dict) -> None:
    """Write the rows that hang off the item (a track's modules) in their order: the n-th row updates the n-th
    existing one, more rows are added; rows this office added beyond the package's are kept."""
    for accessor, rows in reverse.items():
        relation = type(obj)._meta.get_field(accessor)
        child_model, parent_field = relation.related_model, relation.field
        existing = list(getattr(obj, accessor).all())
        for position, (plain, many, children) in enumerate(rows):
            child = existing[position] if position < len(existing) else child_model()
            setattr(child, parent_field.attname, obj.pk)
            later = _apply(child, child_model, plain, many, children)
            child.save()
            for name, objs in later:
                getattr(child, name).set(objs)


def _unique_text_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.unique and not f.primary_key and isinstance(f, models.CharField) and f.editable
    ]


def _free_unique_values(obj, *, source: PackageUpload) -> None:
    """A new row whose name or slug is taken here gets a free one (a track named like one of ours)."""
    model = type(obj)
    for name in _unique_text_fields(model):
        field = model._meta.get_field(name)
        value = getattr(obj, name) or "imported"
        candidate, n = value, 1
        while model.objects.filter(**{name: candidate}).exists():
            n += 1
            number = "" if n == 2 else str(n)
            candidate = (
                f"{value}-{n}" if isinstance(field, models.SlugField) else f"{value}（{source.source_name}{number}）"
            )
        setattr(obj, name, candidate[: field.max_length])


def _log(page, user, source: PackageUpload) -> None:
    from wagtail.log_actions import log

    log(instance=page, action="packages.source", user=user, data=_source_note(source))


def _free_page_slug(parent, slug: str) -> str:
    siblings = set(parent.get_children().values_list("slug", flat=True))
    candidate, n = slug, 2
    while candidate in siblings:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
