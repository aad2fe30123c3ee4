"""Items to package data and back, for any page or clusterable model, without a database id in the data.

Every plain field travels as it is. What points elsewhere travels as a reference the receiver can resolve:

- an article: ``{"$article": {...}}`` (packages.citations: title, edition date, number, fingerprint);
- an image or document: ``{"$media": "media/<sha256>.<ext>", ...}``, the file in the package;
- another item of the same package: ``{"$item": key}``;
- a term of an editor-kept list (category, unit type, tag ...): ``{"$term": {"model", "name", "parent"}}``;
- anything else (people, rounds, a page not in the package) is left out, and the export says so.

Stream fields and rich text are walked with their block definitions, so an article chosen in a lesson block or
a page linked in a case's text is treated like a field pointing at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from django.db import models
from modelcluster.models import get_all_child_relations
from taggit.models import TagBase
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from core.models import TaxonomyTerm
from core.taxonomy import TwoLevelCategory
from regulations.api import RegulationArticle

__all__ = [
    "PACKAGE_LINK",
    "Encoder",
    "Unresolvable",
    "child_relations",
    "content_fields",
    "content_of",
    "has_field",
    "item_ref_key",
    "map_stream",
    "reverse_children",
]

# Page fields that belong to this site's tree and workflow, not to the content.
_PAGE_FIELDS = {"title", "slug", "seo_title", "search_description"}
_SKIPPED_RELATIONS = {"wagtail_admin_comments"}
# Wagtail writes a link's attributes in either order (<a id="5" linktype="page">): match the tag, then read them.
_LINK_TAG = re.compile(r"<a\b([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
PACKAGE_LINK = re.compile(r'<a linktype="page" package-item="([^"]+)"')
_EMBED_IMAGE = re.compile(r'<embed ([^>]*?)embedtype="image" ([^>]*?)id="(\d+)"([^>]*)/>')


class Unresolvable(Exception):
    """A required reference has nothing to point at here; the block or row holding it is dropped."""


def map_stream(block, value, *, chooser, richtext):
    """A stream field's raw value with each chooser's value passed through ``chooser(block, value)`` and each rich
    text through ``richtext(html)``, walking the block definitions. A stream child or list item whose chooser
    raises Unresolvable is dropped, and so is a list item whose chooser gives None (an unchosen list entry)."""
    if value is None:
        return None
    walk = partial(map_stream, chooser=chooser, richtext=richtext)
    if isinstance(block, blocks.StreamBlock):
        out = []
        for child in value:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is None:
                continue
            try:
                out.append({**child, "value": walk(child_block, child.get("value"))})
            except Unresolvable:
                continue
        return out
    if isinstance(block, blocks.StructBlock):
        return {
            name: (walk(block.child_blocks[name], v) if name in block.child_blocks else v)
            for name, v in (value or {}).items()
        }
    if isinstance(block, blocks.ListBlock):
        out = []
        for item in value or []:
            wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            try:
                mapped = walk(block.child_block, item["value"] if wrapped else item)
            except Unresolvable:
                continue
            if mapped is None and isinstance(block.child_block, blocks.ChooserBlock):
                continue
            out.append({**item, "value": mapped} if wrapped else mapped)
        return out
    if isinstance(block, blocks.ChooserBlock):
        return chooser(block, value)
    if isinstance(block, blocks.RichTextBlock):
        return richtext(value)
    return value


def reverse_children(model: type[models.Model]) -> tuple[str, ...]:
    # Here, not at the top: kinds names models by label and is read by the importer too.
    from packages.kinds import kind_for_model

    kind = kind_for_model(model)
    return kind.reverse_children if kind else ()


def item_ref_key(model: type[models.Model], pk) -> tuple[str, int]:
    """Pages are keyed by the tree's id whatever their type, so a page chooser's plain Page finds them."""
    base = "wagtailcore.page" if issubclass(model, Page) else model._meta.label_lower
    return base, int(pk)


def content_of(instance: models.Model) -> models.Model:
    """What an item says now: a page's latest revision (a draft here may be newer than what is live)."""
    if isinstance(instance, Page) and instance.has_unpublished_changes and instance.latest_revision_id:
        return instance.get_latest_revision_as_object()
    return instance


def content_fields(model: type[models.Model]) -> list[models.Field]:
    chosen = []
    for f in model._meta.get_fields():
        if not getattr(f, "concrete", False) or f.auto_created or f.primary_key:
            continue
        if isinstance(f, models.ForeignKey) and f.remote_field.parent_link:
            continue
        if issubclass(model, Page) and (f.model is Page or not issubclass(f.model, Page)):
            if f.name not in _PAGE_FIELDS:
                continue
        if not f.editable or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        chosen.append(f)
    return chosen


def child_relations(model: type[models.Model]):
    return [r for r in get_all_child_relations(model) if r.get_accessor_name() not in _SKIPPED_RELATIONS]


def _is_term(model: type[models.Model]) -> bool:
    return issubclass(model, TaxonomyTerm | TwoLevelCategory | TagBase)


@dataclass
class Encoder:
    """Turns items into package data. ``items`` maps (base label, id) → key for the items in this package;
    ``add_media(obj) -> path`` stores a file (None: just name it, for the local checksum)."""

    items: dict[tuple[str, int], str]
    add_media: object = None
    left_out: list[str] = field(default_factory=list)
    _citations: dict = field(default_factory=dict, repr=False)

    def encode(self, instance: models.Model) -> dict:
        data = self._encode_object(instance, top=True)
        # Rows that hang off the item by a plain foreign key (a track's modules) travel inside it too.
        for accessor in reverse_children(type(instance)):
            parent_field = type(instance)._meta.get_field(accessor).field.name
            rows = []
            for child in getattr(instance, accessor).all():
                row = self._encode_object(child, top=False)
                row.pop(parent_field, None)
                rows.append(row)
            data[accessor] = rows
        return data

    def _encode_object(self, instance, *, top: bool) -> dict:
        model = type(instance)
        data = {}
        for f in content_fields(model):
            if f.many_to_many:
                related = list(getattr(instance, f.name).all())
                data[f.name] = [
                    r for r in (self._ref(f.related_model, obj.pk, obj) for obj in related) if r is not None
                ]
            elif f.is_relation:
                pk = getattr(instance, f.attname)
                data[f.name] = None if pk is None else self._ref(f.related_model, pk, None)
            elif isinstance(f, StreamField):
                data[f.name] = self._stream(f.stream_block, getattr(instance, f.name).raw_data)
            elif isinstance(f, RichTextField):
                data[f.name] = self._richtext(getattr(instance, f.name))
            elif getattr(instance, f.attname) is None:
                data[f.name] = None
            else:
                data[f.name] = f.value_to_string(instance) if not _is_json_native(f) else getattr(instance, f.name)
        for relation in child_relations(model):
            parental = relation.field.name
            children = []
            for child in getattr(instance, relation.get_accessor_name()).all():
                child_data = self._encode_object(child, top=False)
                child_data.pop(parental, None)
                children.append(child_data)
            data[relation.get_accessor_name()] = children
        return data

    def _ref(self, model, pk, obj):
        if issubclass(model, RegulationArticle):
            # Here, not at the top: the citations module imports the regulations api too; keep one entry point.
            from packages.citations import encode_article

            if pk not in self._citations:  # many questions and cases cite the same few articles: encode each once
                article = RegulationArticle.objects.select_related("regulation").filter(pk=pk).first()
                self._citations[pk] = None if article is None else {"$article": encode_article(article)}
            return self._citations[pk]
        key = self.items.get(item_ref_key(model, pk))
        if key is not None:
            return {"$item": key}
        if issubclass(model, get_image_model() | get_document_model()):
            obj = obj or model.objects.filter(pk=pk).first()
            if obj is None:
                return None
            kind = "image" if issubclass(model, get_image_model()) else "document"
            path = self.add_media(obj, kind) if self.add_media else f"{kind}:{obj.pk}"
            return {"$media": path, "kind": kind, "title": obj.title}
        if _is_term(model):
            obj = obj or model.objects.filter(pk=pk).first()
            if obj is None:
                return None
            parent = getattr(obj, "parent", None)
            return {
                "$term": {"model": model._meta.label_lower, "name": obj.name, "parent": parent.name if parent else ""}
            }
        if has_field(model, "name") and model._meta.get_field("name").unique:
            obj = obj or model.objects.filter(pk=pk).first()
            if obj is not None:
                return {"$named": {"model": model._meta.label_lower, "name": obj.name}}
        self.left_out.append(f"{model._meta.verbose_name}")
        return None

    def _stream(self, block, value):
        return map_stream(block, value, chooser=self._chooser, richtext=self._richtext)

    def _chooser(self, block, value):
        pk = value.get("id") if isinstance(value, dict) else value
        return None if pk in (None, "") else self._ref(block.target_model, pk, None)

    def _richtext(self, html: str) -> str:
        if not html:
            return html or ""

        def link(match):
            attributes = dict(_ATTRIBUTE.findall(match.group(1)))
            if attributes.get("linktype") == "page" and attributes.get("id", "").isdigit():
                key = self.items.get(("wagtailcore.page", int(attributes["id"])))
                return f'<a linktype="page" package-item="{key}">' if key else "<a>"
            if attributes.get("linktype") == "document":
                return "<a>"
            return match.group(0)

        # Images and documents inside rich text stay behind: the editors' features for these fields allow neither.
        return _EMBED_IMAGE.sub("", _LINK_TAG.sub(link, html))


def has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def _is_json_native(f: models.Field) -> bool:
    return isinstance(
        f,
        models.BooleanField
        | models.IntegerField
        | models.CharField
        | models.TextField
        | models.JSONField
        | models.FloatField,
    ) and not isinstance(f, models.DecimalField)
