"""Editor-managed synonyms: a search for one word also finds the others in its group."""

import re
import threading

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

_SEPARATORS = re.compile(r"[、，,;；=~\s]+")


class SynonymGroup(models.Model):
    """Words that mean the same to an inspector, e.g. 一把手、主要负责人、党组织书记."""

    words = models.CharField(
        _("words"),
        max_length=300,
        unique=True,
        help_text=_("Two or more words with the same meaning, separated by 、 or spaces."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("words"), FieldPanel("note")]

    class Meta:
        ordering = ["words"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self) -> str:
        return "、".join(self.word_list)

    @property
    def word_list(self) -> list[str]:
        return list(dict.fromkeys(w for w in _SEPARATORS.split(self.words) if w))

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.word_list) < 2:
            raise ValidationError({"words": _("Give at least two words, separated by 、 or spaces.")})
        self.words = "、".join(self.word_list)


# Kept for one request only (a search page runs a search per type and edition tier): an editor's
# change applies from the next request, in every process. See search.signal_handlers.
_request = threading.local()


def synonym_map() -> dict[str, list[str]]:
    """Each word -> every word of its groups (itself first). One query per request (per call outside one)."""
    mapping = getattr(_request, "synonyms", None)
    if mapping is not None:
        return mapping
    mapping = {}
    for group in SynonymGroup.objects.all():
        words = group.word_list
        for word in words:
            mapping.setdefault(word, [word])
            mapping[word] += [w for w in words if w not in mapping[word]]
    if getattr(_request, "active", False):
        _request.synonyms = mapping
    return mapping


def start_request(**kwargs) -> None:
    _request.active, _request.synonyms = True, None


def end_request(**kwargs) -> None:
    _request.active, _request.synonyms = False, None


class DictionaryWord(models.Model):
    """A word the segmenter must keep whole (村务监督委员会), added by editors; applied by update_index."""

    word = models.CharField(_("word"), max_length=30, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        ordering = ["word"]
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")

    def __str__(self) -> str:
        return self.word

    def clean(self):
        from django.core.exceptions import ValidationError

        self.word = self.word.strip()
        if len(self.word) < 2 or _SEPARATORS.search(self.word):
            raise ValidationError({"word": _("One word of at least two characters, without spaces or punctuation.")})


class PendingIndexOperation(models.Model):
    """An index write that has not reached the live Whoosh index yet (search.services drains them).

    Recorded when the write lock stayed busy past the write timeout, when there was no usable index, or when
    a rebuild was running (its new generation must get the edit before it goes live). Never edited by hand.
    """

    class Op(models.TextChoices):
        ADD = "add", _("add or update")
        DELETE = "delete", _("delete")

    model_label = models.CharField(_("model"), max_length=100)
    object_pk = models.CharField(_("object id"), max_length=64)
    op = models.CharField(_("operation"), max_length=10, choices=Op.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pending index operation")
        verbose_name_plural = _("pending index operations")

    def __str__(self) -> str:
        return f"{self.op} {self.model_label}:{self.object_pk}"
