from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from search.models import DictionaryWord, SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["words", "note"]
    search_fields = ["words"]


class DictionaryWordViewSet(SnippetViewSet):
    model = DictionaryWord
    icon = "edit"
    menu_label = _("Dictionary words")
    list_display = ["word", "note", "created_at"]
    search_fields = ["word"]


class SearchVocabularyGroup(SnippetViewSetGroup):
    menu_label = _("Search vocabulary")
    menu_icon = "search"
    menu_order = 320
    items = (SynonymGroupViewSet, DictionaryWordViewSet)


register_snippet(SearchVocabularyGroup)
