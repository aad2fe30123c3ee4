from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("done/", views.mark_done, name="mark_done"),
]
