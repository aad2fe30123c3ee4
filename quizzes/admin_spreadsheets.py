"""Admin views (placeholder: filled in by its own change)."""

urlpatterns: list = []
menu_items: list = []
