"""A model field's label as people read it, for the column headings of personal-data exports."""

from django.utils.text import capfirst


def field_label(model, field: str) -> str:
    """The field's verbose name, capitalised (the heading of its column in an export)."""
    return capfirst(str(model._meta.get_field(field).verbose_name))
