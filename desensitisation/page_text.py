"""The words of any Wagtail page, field by field, for the check: generic through Django's model meta, so it
imports no other app's models and needs no change when an app adds a page type."""

from __future__ import annotations

import html
import re
import uuid

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

# Page fields that hold no content of the author's (addresses, titles for search engines are kept).
_SKIPPED = {"slug", "url_path", "draft_title", "latest_revision_created_at", "locked", "path"}
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def html_to_text(value: str) -> str:
    """Rich text as plain text, one line per paragraph or list item."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", value))
    return "\n".join(line.strip() for line in _SPACES.sub(" ", html.unescape(text)).split("\n") if line.strip())


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) in (32, 36)


def _stream_strings(data) -> list[str]:
    """Every string in a StreamField's raw data, skipping block ids and types (ids of pages or snippets are
    numbers, so they are skipped too)."""
    found: list[str] = []
    if isinstance(data, str):
        if data.strip() and not _is_uuid(data):
            found.append(html_to_text(data) if "<" in data else data)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in ("id", "type"):
                found += _stream_strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            found += _stream_strings(item)
    return found


def _text_fields(model: type[models.Model], *, own_only: bool) -> list[models.Field]:
    fields = []
    for field in model._meta.concrete_fields:
        if field.name in _SKIPPED or field.choices or isinstance(field, models.SlugField | models.URLField):
            continue
        if own_only and field.model is Page and field.name not in ("title", "search_description"):
            continue
        if isinstance(field, models.CharField | models.TextField | StreamField):
            fields.append(field)
    return fields


def _field_text(instance: models.Model, field: models.Field) -> str:
    if isinstance(field, StreamField):
        stream = getattr(instance, field.attname)
        raw = getattr(stream, "raw_data", stream)
        return "\n".join(_stream_strings(list(raw) if raw is not None else []))
    value = getattr(instance, field.attname) or ""
    if isinstance(field, RichTextField):
        return html_to_text(value)
    return str(value)


def page_text(page: Page) -> list[tuple[str, str]]:
    """(field label, text) for every text of the page: its own and its parent's text fields, rich text as text,
    the strings of its StreamFields, and the text fields of its child rows (a guide's questions, say)."""
    page = page.specific if type(page) is Page else page
    texts: list[tuple[str, str]] = []
    for field in _text_fields(type(page), own_only=True):
        text = _field_text(page, field)
        if text.strip():
            texts.append((str(field.verbose_name), text))
    for relation in type(page)._meta.related_objects:
        if not isinstance(relation.remote_field, ParentalKey):
            continue
        rows = getattr(page, relation.get_accessor_name()).all()
        label = str(relation.related_model._meta.verbose_name)
        for number, row in enumerate(rows, start=1):
            for field in _text_fields(relation.related_model, own_only=False):
                text = _field_text(row, field)
                if text.strip():
                    texts.append((f"{label} {number} · {field.verbose_name}", text))
    return texts
