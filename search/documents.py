"""What the Whoosh backend stores for a model instance: its key, content types and text fields."""

from collections.abc import Iterable

from modelsearch.backends.base import get_model_root
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

from search.schema import TEXT_FIELDS, autocomplete_text


def model_label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


def content_type_labels(model) -> list[str]:
    """The concrete model and all its multi-table parents, e.g. ``cases.casepage wagtailcore.page``."""
    concrete = model._meta.concrete_model
    return [model_label(concrete), *(model_label(parent) for parent in concrete._meta.get_parent_list())]


def document_key(obj) -> str:
    root = get_model_root(type(obj)._meta.concrete_model)
    return f"{model_label(root)}:{obj.pk}"


def schema_field_for(search_field: SearchField) -> str:
    """Which Whoosh text field a SearchField's text is indexed into."""
    if search_field.field_name == "title":
        return "title"
    if (search_field.boost or 1) > 1:
        return "boosted"
    return "body"


def _texts(value) -> Iterable[str]:
    if value is None:
        return
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, bytes):
        return
    else:
        yield str(value)


def _related_texts(related: RelatedFields, obj) -> Iterable[str]:
    value = related.get_value(obj)
    if value is None:
        return
    if hasattr(value, "all") and callable(value.all):
        items = value.all()
    else:
        items = [value]
    for item in items:
        for sub in related.fields:
            if isinstance(sub, SearchField):
                yield from _texts(sub.get_value(item))
            elif isinstance(sub, RelatedFields):
                yield from _related_texts(sub, item)


def build_document(obj) -> dict:
    """The Whoosh document for a model instance (the specific instance, for pages)."""
    model = type(obj)
    texts: dict[str, list[str]] = {name: [] for name in TEXT_FIELDS}
    autocomplete: list[str] = []
    for field in model.get_search_fields():
        if isinstance(field, SearchField):
            texts[schema_field_for(field)].extend(_texts(field.get_value(obj)))
        elif isinstance(field, AutocompleteField):
            autocomplete.extend(_texts(field.get_value(obj)))
        elif isinstance(field, RelatedFields):
            texts["body"].extend(_related_texts(field, obj))
    doc = {
        "key": document_key(obj),
        "pk": str(obj.pk),
        "content_types": " ".join(content_type_labels(model)),
        "autocomplete": autocomplete_text("\n".join(autocomplete)),
    }
    for name, values in texts.items():
        doc[name] = "\n".join(values)
    return doc
