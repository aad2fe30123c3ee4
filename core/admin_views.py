"""What our own admin pages share: a permission to open them, and a breadcrumb trail that ends on their title."""

from django.core.exceptions import PermissionDenied

__all__ = ["PermissionRequiredAdminMixin"]


class PermissionRequiredAdminMixin:
    """For a view with Wagtail's ``WagtailAdminTemplateMixin``: 403 without ``permission_required``, and the
    page's title as the last breadcrumb."""

    permission_required: str

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]
