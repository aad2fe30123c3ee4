from django.urls import path

from readiness import views

app_name = "readiness"

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/refresher/<int:lesson_pk>/", views.refresher, name="refresher"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.dashboard, name="dashboard"),
    path("rounds/<int:pk>/export.xlsx", views.export, name="export"),
]
