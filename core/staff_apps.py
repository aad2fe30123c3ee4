"""``wagtail.users`` with our user viewset (core.staff): INSTALLED_APPS names this instead of ``wagtail.users``.

Its own module because INSTALLED_APPS imports it before any model may be loaded.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class StaffUsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "core.staff.StaffUserViewSet"
