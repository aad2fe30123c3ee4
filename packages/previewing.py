"""What importing a package would do, item by item and citation by citation: reads only (see packages.importing
for the import itself).

Per item: new, update (came before, unchanged here since), conflict (came before, changed here since), unchanged
(the package carries what came last time), or own (this office's item back from a hub)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _

from desensitisation.api import html_to_text
from packages.citations import CitationOutcome, CitationResolver, citation_label
from packages.decoding import PLACEHOLDER, Decoder, Unresolvable
from packages.encoding import Encoder, content_of
from packages.format import PackageContents, read_package, sha256
from packages.kinds import Kind, kind_named
from packages.models import ImportedItem, OfficeIdentity, PackageUpload

__all__ = [
    "OUTCOME_LABELS",
    "ImportPreview",
    "ItemPreview",
    "Outcome",
    "incoming_checksum",
    "local_checksum",
    "preview_import",
    "unresolvable_message",
]


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


def preview_import(*, upload: PackageUpload, contents: PackageContents | None = None) -> ImportPreview:
    """What importing would do, item by item and citation by citation; reads only. ``contents``: the upload's
    file already read and checked (the import passes it, so the zip is not read and checksummed twice)."""
    contents = contents or read_package(bytes(upload.file))
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
        return unresolvable_message(item.get("title", ""), error)
    return ""


def _own_object(kind: Kind, origin_key: str):
    """This office's own item named by the origin key it exported under (``case:12``)."""
    _kind, _sep, pk = origin_key.partition(":")
    return kind.model.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


def _article_label(article) -> str:
    if article is None:
        return ""
    return f"《{article.regulation.title}》{article.label}"


def unresolvable_message(title: str, error: Unresolvable) -> str:
    return _("Item “%(title)s” needs %(what)s, which has nothing to point at on this site.") % {
        "title": title,
        "what": error,
    }
