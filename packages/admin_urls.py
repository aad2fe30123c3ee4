"""Admin URLs of the packages (mounted at /admin/packages/ by wagtail_hooks)."""

urlpatterns: list = []
