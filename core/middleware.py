from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.shortcuts import render
from django.urls import reverse

from core.access import can_access_admin


class IntranetLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every front-end URL needs a login (Django's LoginRequiredMiddleware).

    The Wagtail admin is left to its own login page, except that a signed-in user without
    admin access (a trainee) gets a clear 403 instead of being bounced back to a login form.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        admin_prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(admin_prefix):
            if request.user.is_authenticated and not can_access_admin(request.user):
                return render(request, "core/admin_forbidden.html", status=403)
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
