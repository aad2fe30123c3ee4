"""Package data back to field values here: the reverse of packages.encoding.

References resolve through the importer's callbacks (citations to the article in force here, other items of the
package, files); terms of the editors' lists are matched by name and created when missing. A value an item cannot
do without that has nothing to point at raises ``Unresolvable``: a row or block holding it is dropped (the note
says so), an item itself cannot arrive.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from wagtail.fields import RichTextField, StreamField

from packages.encoding import (
    PACKAGE_LINK,
    Unresolvable,
    child_relations,
    content_fields,
    has_field,
    map_stream,
    reverse_children,
)

__all__ = ["PLACEHOLDER", "Decoded", "Decoder", "Unresolvable"]


class _Placeholder:
    """Stands for something a trial decode would create or resolve (a new term, a file, another item)."""

    pk = None


PLACEHOLDER = _Placeholder()


@dataclass
class Decoded:
    plain: dict
    many: dict
    children: dict
    #: accessor → [(plain, many, children)] of each row (see ``reverse_children``).
    reverse: dict


@dataclass
class Decoder:
    """Turns package data into field values here. ``article(citation) -> article | None`` resolves citations,
    ``item(key) -> object | None`` the package's other items, ``media(path, kind, title) -> object | None``
    the files; terms are matched by name, and created when missing (an office's own lists differ)."""

    article: object
    item: object
    media: object
    notes: list[str] = field(default_factory=list)
    #: A trial run for the preview: terms missing here are neither created nor an obstacle.
    dry: bool = False
    #: (model label, name) → term here (None: none yet), shared by one import's decoders: one lookup each.
    terms: dict = field(default_factory=dict)

    def decode(self, model: type[models.Model], data: dict) -> Decoded:
        """The item's values here, with the rows that hang off it by a plain foreign key (a track's modules);
        Unresolvable when a value the item cannot do without has nothing to point at."""
        plain, many, children = self.values(model, data)
        reverse = {}
        for accessor in reverse_children(model):
            child_model = model._meta.get_field(accessor).related_model
            rows = []
            for row in data.get(accessor, []):
                try:
                    rows.append(self.values(child_model, row))
                except Unresolvable:
                    continue
            reverse[accessor] = rows
        return Decoded(plain=plain, many=many, children=children, reverse=reverse)

    def values(self, model: type[models.Model], data: dict) -> tuple[dict, dict, dict]:
        """(plain field values, many-to-many values, child rows) for an instance of ``model``."""
        plain, many, children = {}, {}, {}
        for f in content_fields(model):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.many_to_many:
                many[f.name] = [obj for obj in (self._deref(f.related_model, r) for r in raw or []) if obj is not None]
            elif f.is_relation:
                obj = None if raw is None else self._deref(f.related_model, raw)
                if obj is None and not f.null:
                    raise Unresolvable(str(f.verbose_name))
                plain[f.attname] = obj.pk if obj is not None else None
            elif isinstance(f, StreamField):
                plain[f.name] = self._stream(f.stream_block, raw)
            elif isinstance(f, RichTextField):
                plain[f.name] = self._richtext(raw)
            else:
                plain[f.name] = None if raw is None else f.to_python(raw)
        for relation in child_relations(model):
            name = relation.get_accessor_name()
            if name not in data:
                continue
            rows, seen = [], set()
            for row in data[name]:
                try:
                    row_plain, row_many, _rows = self.values(relation.related_model, row)
                except Unresolvable:
                    continue  # a citation row whose article is gone: the note says so
                # Two citations the sender kept apart (2025 第N条 and the 2026 article it became) may land on one
                # article here: one row of it is enough, and a second would break the row's unique constraint.
                same = tuple(sorted((k, repr(v)) for k, v in row_plain.items() if k != "sort_order"))
                if same in seen:
                    continue
                seen.add(same)
                child = relation.related_model(**row_plain)
                for many_name, objs in row_many.items():
                    setattr(child, many_name, objs)
                rows.append(child)
            children[name] = rows
        return plain, many, children

    def _deref(self, model, raw):
        if not isinstance(raw, dict):
            return None
        if "$article" in raw:
            return self.article(raw["$article"])
        if "$item" in raw:
            return self.item(raw["$item"])
        if "$media" in raw:
            return self.media(raw["$media"], raw.get("kind", "image"), raw.get("title", ""))
        if "$term" in raw:
            return self._term(model, raw["$term"])
        if "$named" in raw:
            return model.objects.filter(name=raw["$named"]["name"]).first()
        return None

    def _term(self, model, term: dict):
        key = (model._meta.label_lower, term["name"])
        if key not in self.terms:
            self.terms[key] = model.objects.filter(name=term["name"]).first()
        if self.terms[key] is not None:
            return self.terms[key]
        if self.dry:
            return PLACEHOLDER
        values = {"name": term["name"]}
        if has_field(model, "slug"):
            values["slug"] = _free_slug(model, term["name"])
        if term.get("parent") and has_field(model, "parent"):
            values["parent"] = self._term(model, {"name": term["parent"], "parent": ""})
        self.notes.append(
            _("New term added to %(list)s: %(name)s") % {"list": model._meta.verbose_name, "name": term["name"]}
        )
        self.terms[key] = model.objects.create(**values)
        return self.terms[key]

    def _stream(self, block, value):
        return map_stream(block, value, chooser=self._chooser, richtext=self._richtext)

    def _chooser(self, block, value):
        obj = self._deref(block.target_model, value)
        if obj is None and block.required:
            raise Unresolvable(str(block.label))
        return None if obj is None else obj.pk

    def _richtext(self, html: str) -> str:
        if not html:
            return html or ""

        def page_link(match):
            obj = self.item(match.group(1))
            return f'<a id="{obj.pk}" linktype="page"' if obj is not None else "<a"

        return PACKAGE_LINK.sub(page_link, html)


def _free_slug(model, name: str) -> str:

    base = "imported-" + hashlib.sha256(name.encode()).hexdigest()[:10]
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
