from django.urls import path

from talent import views

app_name = "talent"

urlpatterns = [
    path("", views.search, name="search"),
    path("me/", views.me, name="me"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("people/<int:user_id>/specialisms/", views.person_specialisms, name="person_specialisms"),
]
