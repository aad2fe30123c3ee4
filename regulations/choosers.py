"""The admin's article chooser (cases, lessons and other snippets' article fields): editions in force first,
each row with its edition and status, found by 第十五条, 第15条, 15 or by words.

It keeps core.choosers' scope check (a 403 for anyone who edits no content) by subclassing its views.
"""

from __future__ import annotations

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, StatusTagColumn

from core.choosers import ScopedChooseResultsView, ScopedChooseView, ScopedSnippetChooserViewSet
from regulations.models import RegulationStatus
from regulations.selectors import chooser_articles


class ArticleFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Article number (第十五条, 15) or words")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if not query:
            return objects
        # Found by the selector among every article (the generic view lists every article, unfiltered).
        self.is_searching, self.search_query = True, query
        return chooser_articles(query=query)


def _title(article) -> str:
    return f"{article.label}　{Truncator(article.text.replace(chr(10), ' ')).chars(40)}"


class _ArticleChooserMixin:
    filter_form_class = ArticleFilterForm

    def get_object_list(self):
        return chooser_articles()

    def apply_object_list_ordering(self, objects):
        return objects  # ordered by the selector: editions in force first

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = _title
        column.label = _("Article and text")
        return column

    @property
    def columns(self):
        return [
            *super().columns,
            Column("edition", label=_("Edition"), accessor=lambda article: article.regulation.title),
            StatusTagColumn(
                "edition_status",
                label=_("Status"),
                accessor=lambda article: article.regulation.get_status_display(),
                primary=lambda article: article.regulation.status == RegulationStatus.IN_FORCE,
            ),
        ]


class ArticleChooseView(_ArticleChooserMixin, ScopedChooseView):
    pass


class ArticleChooseResultsView(_ArticleChooserMixin, ScopedChooseResultsView):
    pass


class ArticleChooserViewSet(ScopedSnippetChooserViewSet):
    choose_view_class = ArticleChooseView
    choose_results_view_class = ArticleChooseResultsView
