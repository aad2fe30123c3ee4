"""What our own admin pages share: a permission to open them, and a breadcrumb trail that ends on their title."""

from django.core.exceptions import PermissionDenied

__all__ = ["PermissionRequiredAdminMixin"]


class PermissionRequiredAdminMixin:
    """For a view with Wagtail's ``WagtailAdminTemplateMixin``: refused without ``permission_required``, and the
    page's title as the last breadcrumb.

    A view whose rule is not one permission (either of two, another for a POST, a role) overrides
    ``has_permission``; one whose refusal must be a plain 403 rather than the admin's redirect to its home page
    overrides ``permission_denied``; one that sits below another admin page names it in
    ``get_parent_breadcrumbs_items``. Plain views (a POST-only action, a download) use it for the check alone.
    """

    permission_required: str

    def has_permission(self, request) -> bool:
        """Whether this person may open the view: by default, holding ``permission_required``."""
        return request.user.has_perm(self.permission_required)

    def permission_denied(self, request):
        """The refusal. PermissionDenied, which the admin turns into a redirect to its home page with a message."""
        raise PermissionDenied

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request):
            return self.permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_parent_breadcrumbs_items(self) -> list[dict]:
        """The admin pages this one sits below, each ``{"url": …, "label": …}``, outermost first."""
        return []

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *self.get_parent_breadcrumbs_items(),
            {"url": "", "label": self.get_page_title()},
        ]
