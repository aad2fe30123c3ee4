"""The 脱敏 check in the admin: the gazetteer snippet, the check page, a button in every page's header, and a
warning after a page with uncleared flags is saved or published (the hooks only read)."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from desensitisation import selectors
from desensitisation.admin_views import ClearView, PageCheckView, WithdrawView
from desensitisation.models import PlaceName


@hooks.register("register_admin_urls")
def register_check_urls():
    return [
        path("desensitisation/pages/<int:page_id>/", PageCheckView.as_view(), name="desensitisation_page_check"),
        path("desensitisation/pages/<int:page_id>/clear/", ClearView.as_view(), name="desensitisation_clear"),
        path("desensitisation/pages/<int:page_id>/withdraw/", WithdrawView.as_view(), name="desensitisation_withdraw"),
    ]


class PlaceNameViewSet(SnippetViewSet):
    model = PlaceName
    icon = "site"
    menu_label = gettext_lazy("Gazetteer")
    list_display = ["name", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["name"]


class DesensitisationGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Anonymisation check")
    menu_icon = "warning"
    menu_order = 314
    items = (PlaceNameViewSet,)


register_snippet(DesensitisationGroup)


@hooks.register("register_page_header_buttons")
def check_button(page, user, view_name, next_url=None):
    if page.permissions_for_user(user).can_edit():
        yield Button(
            _("Anonymisation check"),
            reverse("desensitisation_page_check", args=[page.pk]),
            icon_name="warning",
            priority=66,
        )


def _warn(request, page):
    if getattr(request, "_desensitisation_warned", False):
        return
    request._desensitisation_warned = True
    count = selectors.uncleared_count(page=page)
    if count:
        admin_messages.warning(
            request,
            _(
                "%(count)d possible pieces of un-anonymised content found on “%(title)s”: check them before it is "
                "shared."
            )
            % {"count": count, "title": page.get_admin_display_title()},
            buttons=[admin_messages.button(reverse("desensitisation_page_check", args=[page.pk]), _("Check it"))],
        )


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn(request, page)


@hooks.register("after_publish_page")
def warn_after_publish(request, page):
    _warn(request, page)
