from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("rounds/<int:pk>/", views.round_reminders, name="round"),
]
