from django.urls import path

from rounds import views

app_name = "rounds"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/export.xlsx", views.export, name="export"),
]
