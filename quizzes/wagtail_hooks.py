"""The question bank, quizzes and their admin pages under one menu: 题库与测验."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from quizzes import admin_marking, admin_reports, admin_spreadsheets
from quizzes.admin_forms import QuestionAdminForm
from quizzes.models import Question, QuestionCategory, Quiz


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = pgettext_lazy("quiz", "Questions")
    list_display = ["__str__", "kind", "points"]
    list_filter = ["kind", "categories"]
    search_fields = ["stem", "explanation"]
    list_per_page = 50
    # The same checks as the spreadsheet import: options, correct answers and blanks must fit the type.
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionAdminForm)

    def get_queryset(self, request):
        return self.model.objects.prefetch_related("categories")


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "tag"
    menu_label = _("Question categories")
    list_display = ["name", "parent", "slug", "sort_order"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return self.model.objects.in_tree_order()


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "list-ol"
    menu_label = _("Quizzes")
    draft_column = Column("is_draft", label=_("draft"), accessor=lambda quiz: _("Yes") if quiz.is_draft else _("No"))
    list_display = ["title", "slug", draft_column, "pass_mark", "time_limit_minutes"]  # 是/否, not True/False
    list_filter = ["is_draft", "category"]
    search_fields = ["title", "description"]


class QuizzesGroup(SnippetViewSetGroup):
    menu_label = _("Question bank and quizzes")
    menu_icon = "list-ol"
    menu_order = 320
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet)

    def get_submenu_items(self):
        # The import, marking and report pages sit in the same menu as the bank they work on.
        extra = [*admin_spreadsheets.menu_items, *admin_marking.menu_items, *admin_reports.menu_items]
        return [*super().get_submenu_items(), *(factory() for factory in extra)]


register_snippet(QuizzesGroup)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    modules = (admin_spreadsheets, admin_marking, admin_reports)
    return [path("quizzes/", include([p for m in modules for p in m.urlpatterns]))]
