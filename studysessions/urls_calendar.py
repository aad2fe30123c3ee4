"""URLs of the calendar part of the study-session app (included by studysessions/urls.py)."""

urlpatterns: list = []
