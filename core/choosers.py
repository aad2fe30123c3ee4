"""Who may open a snippet chooser: the people who edit content that chooses it.

Wagtail's snippet choosers (``wagtailsnippetchoosers_<app>_<model>:choose``, ``choose_results``,
``chosen``, ``chosen_multiple``, ``create``) check nothing of their own: anyone let into the admin could
list question texts, quiz and round names. Here they are limited to people who hold an add or change
permission on the model, or any content-edit permission at all (a page permission to add, edit or
publish, or add/change on any registered snippet): the office roles 编辑, 审核, 管理员 and round managers.
The 三员 (系统管理员, 安全管理员, 审计员) and anyone else get a 403.

``install_snippet_chooser_scope`` (called by ``core.apps`` before ``wagtail.snippets`` registers the
snippets) makes ``ScopedSnippetChooserViewSet`` every snippet's chooser viewset, so snippets registered
later are covered too; ``tests/core/test_choosers.py`` requests the chooser of every registered snippet.
"""

from __future__ import annotations

from django.contrib.auth import get_permission_codename
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

EDIT_ACTIONS = ("add", "change")
PAGE_EDIT_ACTIONS = ("add", "change", "publish")


def _edit_permissions(model) -> set[str]:
    meta = model._meta
    return {f"{meta.app_label}.{get_permission_codename(action, meta)}" for action in EDIT_ACTIONS}


def edits_content(user) -> bool:
    """Whether the person may edit any content: pages, or any registered snippet."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    held = user.get_all_permissions()
    if any(held & _edit_permissions(model) for model in get_snippet_models()):
        return True
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_EDIT_ACTIONS)


def may_choose(*, user, model) -> bool:
    """Whether the person may open the chooser of this snippet model."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.get_all_permissions() & _edit_permissions(model):
        return True
    return edits_content(user)


class _ScopedChooserMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_choose(user=request.user, model=self.model_class):
            # A plain 403 (the admin would turn PermissionDenied into a redirect to its home page): the
            # chooser is opened by the modal's script, which shows its own error.
            return HttpResponseForbidden(_("You may not choose from this list."))
        return super().dispatch(request, *args, **kwargs)


class ScopedChooseView(_ScopedChooserMixin, snippet_chooser.ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChooserMixin, snippet_chooser.ChooseResultsView):
    pass


class ScopedChosenView(_ScopedChooserMixin, snippet_chooser.SnippetChosenView):
    pass


class ScopedChosenMultipleView(_ScopedChooserMixin, snippet_chooser.SnippetChosenMultipleView):
    pass


class ScopedCreateView(_ScopedChooserMixin, snippet_chooser.SnippetCreateView):
    pass


class ScopedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    """Wagtail's snippet chooser, with every one of its views behind ``may_choose``."""

    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView
    create_view_class = ScopedCreateView


def install_snippet_chooser_scope() -> None:
    """Every SnippetViewSet that does not name its own chooser viewset gets the scoped one."""
    if SnippetViewSet.chooser_viewset_class is snippet_chooser.SnippetChooserViewSet:
        SnippetViewSet.chooser_viewset_class = ScopedSnippetChooserViewSet
