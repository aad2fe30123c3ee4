"""How fields and people read: a model field's label (the column headings of personal-data exports) and a
person's name on pages, e-mails and exports."""

from django.utils.text import capfirst


def field_label(model, field: str) -> str:
    """The field's verbose name, capitalised (the heading of its column in an export)."""
    return capfirst(str(model._meta.get_field(field).verbose_name))


def person_name(user) -> str:
    """A person as pages, e-mails and exports name them: their full name, else their user name ("" for none)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
