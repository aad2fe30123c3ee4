from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("next/", views.next_card, name="next"),
    path("<int:card_id>/", views.card, name="card"),
]
