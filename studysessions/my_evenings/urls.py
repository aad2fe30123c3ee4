"""URLs of my evenings: the list and one evening."""

from django.urls import path

from studysessions.my_evenings import views

urlpatterns = [
    path("", views.session_list, name="list"),
    path("<occurrence:key>/", views.detail, name="detail"),
]
