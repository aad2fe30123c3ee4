"""URL of the make-up page."""

from django.urls import path

from studysessions.make_up import views

urlpatterns = [
    path("<occurrence:key>/make-up/", views.make_up, name="make_up"),
]
