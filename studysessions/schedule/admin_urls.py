"""Admin URLs of the schedule (under /admin/studysessions/, registered in wagtail_hooks)."""

from django.urls import path

from studysessions.schedule.admin_views import EveningChangeView, SeriesEveningsView

urlpatterns = [
    path("series/<int:pk>/evenings/", SeriesEveningsView.as_view(), name="studysessions_admin_series_evenings"),
    path("evenings/<str:key>/", EveningChangeView.as_view(), name="studysessions_admin_evening"),
]
