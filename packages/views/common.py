"""What the packages' admin pages share: where an item is edited here, and the way back to their home."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from wagtail.models import Page


def edit_url(model, object_id) -> str:
    """The admin page that edits this item here: the page editor, or its snippet's edit view."""
    if isinstance(model, str):
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError):
            return ""
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[object_id])
    viewset = getattr(model, "snippet_viewset", None)
    if viewset is None:
        return ""
    try:
        return reverse(viewset.get_url_name("edit"), args=[object_id])
    except NoReverseMatch:
        return ""


def split_context(context: str, text: str) -> tuple[str, str]:
    """The flagged text's surroundings, to mark the text without markup in the data."""
    offset = context.find(text)
    if offset < 0:
        return context, ""
    return context[:offset], context[offset + len(text) :]


def index_crumbs() -> list[dict]:
    """The breadcrumb back to the packages' home, above every export and import page."""
    return [{"url": reverse("packages:index"), "label": _("Content packages")}]
