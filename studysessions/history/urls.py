"""URLs of what an evening leaves: the host's minutes and the printable record."""

from django.urls import path

from studysessions.history import views

urlpatterns = [
    path("<occurrence:key>/minutes/", views.minutes, name="minutes"),
    path("<occurrence:key>/record/", views.record, name="record"),
]
