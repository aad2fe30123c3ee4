"""URLs of the private calendar feed: my calendar address, and the feed itself."""

from django.urls import path

from studysessions.calendar_feed import views

urlpatterns = [
    path("calendar/", views.calendar_settings, name="calendar"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
