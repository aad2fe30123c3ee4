"""Admin: the 个人信息 menu item and a button on each row of Wagtail's user listing."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton

from privacy import admin_views


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_people(request.user)


@hooks.register("register_admin_urls")
def register_privacy_admin_urls():
    return [path("privacy/", include(admin_views.urlpatterns))]


@hooks.register("register_settings_menu_item")
def register_privacy_menu_item():
    return PersonalDataMenuItem(_("Personal data"), reverse("privacy_people"), icon_name="user", order=700)


@hooks.register("register_user_listing_buttons")
def personal_data_button(user, request_user):
    if not admin_views.may_see_people(request_user):
        return []
    return [ListingButton(_("Personal data"), reverse("privacy_person", args=[user.pk]), priority=50)]
