from django.urls import path

from scenarios import views

app_name = "scenarios"

urlpatterns = [
    path("<int:page_id>/start/", views.start, name="start"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/choose/", views.choose, name="choose"),
]
