"""URLs of the schedule as people see it: the list, one evening, the private calendar feed."""

from django.urls import path

from studysessions import views_calendar

urlpatterns = [
    path("", views_calendar.session_list, name="list"),
    path("calendar/", views_calendar.calendar_settings, name="calendar"),
    path("feed/<str:token>.ics", views_calendar.feed, name="feed"),
    path("<occurrence:key>/", views_calendar.detail, name="detail"),
]
