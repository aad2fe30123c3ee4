"""Taking in another office's package: check the file, preview what it would do, then do it in one transaction.

Per item the preview says one of:

- new: nothing here came from this item before; it arrives as a draft (pages) or withheld/draft (questions,
  quizzes) for this office's own review;
- update: it came before and nobody changed it here since; the new version arrives as a new draft revision
  (the published text stays until a reviewer publishes the draft);
- conflict: it came before *and* an editor changed it here since; the editor sees both and keeps theirs or
  takes the new version (as a draft revision, so theirs stays in the page's history);
- unchanged: the package carries what came last time.

Per citation it says whether it lands on an article of the edition in force here (packages.citations).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

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
from desensitisation.api import html_to_text
from packages.citations import CitationOutcome, CitationResolver, citation_label
from packages.encoding import PLACEHOLDER, Decoded, Decoder, Encoder, Unresolvable, content_of
from packages.format import PackageContents, PackageError, read_package, sha256
from packages.kinds import Kind, kind_named
from packages.models import IMPORT_PERMISSION, ImportedItem, OfficeIdentity, PackageUpload

__all__ = ["ImportPreview", "ItemPreview", "Outcome", "apply_import", "preview_import", "upload_package"]


class Outcome:
    NEW = "new"
    UPDATE = "update"
    CONFLICT = "conflict"
    UNCHANGED = "unchanged"
    OWN = "own"  # written by this office, back from a hub's combined package


OUTCOME_LABELS = {
    Outcome.NEW: "新增",
    Outcome.UPDATE: "更新（此前导入，本地未改）",
    Outcome.CONFLICT: "冲突（此前导入，本地已改）",
    Outcome.UNCHANGED: "无变化",
    Outcome.OWN: "本办原创（跳过）",
}


@dataclass
class CitationPreview:
    label: str
    outcome: str
    here: str
    note: str


@dataclass
class ItemPreview:
    key: str
    kind: Kind
    title: str
    outcome: str
    citations: list[CitationPreview] = field(default_factory=list)
    #: For a conflict: (field, text here, text in the package) of every field that differs.
    differences: list[tuple[str, str, str]] = field(default_factory=list)
    local: object = None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def citations_needing_editor(self) -> list[CitationPreview]:
        return [c for c in self.citations if c.outcome in (CitationOutcome.CHANGED, CitationOutcome.MISSING)]


@dataclass
class ImportPreview:
    upload: PackageUpload
    manifest: dict
    items: list[ItemPreview]
    problems: list[str]

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def conflicts(self) -> list[ItemPreview]:
        return [item for item in self.items if item.outcome == Outcome.CONFLICT]


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


def _citations_in(value, found: list[dict]) -> list[dict]:
    if isinstance(value, dict):
        if "$article" in value:
            found.append(value["$article"])
        else:
            for inner in value.values():
                _citations_in(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _citations_in(inner, found)
    return found


def _local_object(imported: ImportedItem | None):
    if imported is None:
        return None
    kind_model = _model(imported.model)
    return kind_model.objects.filter(pk=imported.object_id).first() if kind_model else None


def _model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def local_checksum(instance) -> str:
    """A checksum of what an item says here now, to tell later whether an editor changed it."""
    data = Encoder(items={}, add_media=None).encode(content_of(instance))
    return sha256(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode())


def incoming_checksum(item: dict) -> str:
    return sha256(json.dumps(item["data"], ensure_ascii=False, sort_keys=True).encode())


def _outcome(item: dict, imported: ImportedItem | None, local) -> str:
    if imported is None or local is None:
        return Outcome.NEW
    if incoming_checksum(item) == imported.incoming_sha256:
        return Outcome.UNCHANGED
    if local_checksum(local) == imported.local_sha256:
        return Outcome.UPDATE
    return Outcome.CONFLICT


def _flat(value) -> str:
    if isinstance(value, dict):
        if "$article" in value:
            return citation_label(value["$article"])
        if "$term" in value:
            return value["$term"]["name"]
        if "$media" in value:
            return value.get("title", "")
        if "$item" in value:
            return ""
        return " ".join(filter(None, (_flat(v) for k, v in value.items() if k not in ("id", "type"))))
    if isinstance(value, list):
        return "\n".join(filter(None, (_flat(v) for v in value)))
    if value is None:
        return ""
    return html_to_text(str(value)) if "<" in str(value) else str(value)


def _differences(kind: Kind, local, incoming: dict) -> list[tuple[str, str, str]]:
    here = Encoder(items={}, add_media=None).encode(content_of(local))
    rows = []
    for name, value in incoming.items():
        if name == "slug":
            continue  # an imported page has its own address here; that is not a difference of content
        mine, theirs = _flat(here.get(name)), _flat(value)
        if mine != theirs:
            try:
                label = str(kind.model._meta.get_field(name).verbose_name)
            except Exception:
                label = name
            rows.append((label, mine, theirs))
    return rows


def preview_import(*, upload: PackageUpload) -> ImportPreview:
    """What importing would do, item by item and citation by citation; reads only."""
    contents = read_package(bytes(upload.file))
    resolver = CitationResolver()
    imported_by_key = {
        i.origin_key: i
        for i in ImportedItem.objects.filter(origin_code__in={item["origin"]["code"] for item in contents.items})
    }
    previews, problems = [], []
    office = OfficeIdentity.objects.first()
    own_code = str(office.code) if office else ""
    keys = {item["key"] for item in contents.items}
    terms: dict = {}
    for item in contents.items:
        kind = kind_named(item["kind"])
        imported = imported_by_key.get(item["origin"]["key"])
        if imported is not None and imported.origin_code != item["origin"]["code"]:
            imported = ImportedItem.objects.filter(
                origin_code=item["origin"]["code"], origin_key=item["origin"]["key"]
            ).first()
        local = _local_object(imported)
        outcome = _outcome(item, imported, local)
        if own_code and item["origin"]["code"] == own_code:
            local, outcome = _own_object(kind, item["origin"]["key"]), Outcome.OWN
        preview = ItemPreview(key=item["key"], kind=kind, title=item.get("title", ""), outcome=outcome, local=local)
        for citation in _citations_in(item["data"], []):
            resolution = resolver.resolve(citation)
            preview.citations.append(
                CitationPreview(
                    label=citation_label(citation),
                    outcome=resolution.outcome.value,
                    here=_article_label(resolution.article),
                    note=resolution.note,
                )
            )
        if outcome == Outcome.CONFLICT:
            preview.differences = _differences(kind, local, item["data"])
        if outcome in (Outcome.NEW, Outcome.UPDATE, Outcome.CONFLICT):
            problem = _trial_decode(kind, item, resolver, keys, terms)
            if problem:
                problems.append(problem)
        if outcome == Outcome.NEW and kind.is_page and kind.parent_page() is None:
            problems.append(
                _("This site has no section for %(kind)s; an administrator must create it before importing.")
                % {"kind": kind.label}
            )
        previews.append(preview)
    return ImportPreview(upload=upload, manifest=contents.manifest, items=previews, problems=sorted(set(problems)))


def _trial_decode(kind: Kind, item: dict, resolver: CitationResolver, keys: set[str], terms: dict) -> str:
    """Decode without writing, to find an item that cannot arrive (a value it needs has nothing here)."""
    decoder = Decoder(
        article=lambda citation: resolver.resolve(citation).article,
        item=lambda key: PLACEHOLDER if key in keys else None,
        media=lambda path, kind, title: PLACEHOLDER,
        dry=True,
        terms=terms,
    )
    try:
        decoder.decode(kind.model, item["data"])
    except Unresolvable as error:
        return _unresolvable(item.get("title", ""), error)
    return ""


def _own_object(kind: Kind, origin_key: str):
    """This office's own item named by the origin key it exported under (``case:12``)."""
    _kind, _sep, pk = origin_key.partition(":")
    return kind.model.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def _article_label(article) -> str:
    if article is None:
        return ""
    return f"《{article.regulation.title}》{article.label}"


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
            preview = preview_import(upload=locked)
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
        raise PackageError(_unresolvable(preview.title, error)) from error
    if outcome == Outcome.NEW:
        obj = _create(kind, decoded, user=run.user, source=upload)
    else:
        obj = _update(kind, preview.local, decoded, user=run.user, source=upload)
    run.by_key[item["key"]] = obj
    result.update(model=type(obj)._meta.label_lower, object_id=obj.pk)
    result["notes"] = decoder.notes + [n["note"] for n in run.citation_notes]
    _remember(run, upload, item, obj, imported, local_sha=local_checksum(_fresh(obj)))
    return result


def _unresolvable(title: str, error: Unresolvable) -> str:
    return _("Item “%(title)s” needs %(what)s, which has nothing to point at on this site.") % {
        "title": title,
        "what": error,
    }


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
