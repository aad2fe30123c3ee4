from django.urls import path

from hours import views

app_name = "hours"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("rounds/<int:round_pk>/certificate/", views.issue, name="issue"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
    path("verify/", views.verify, name="verify"),
    path("rounds/<int:round_pk>/", views.round_hours, name="round"),
    path("rounds/<int:round_pk>/export/", views.round_export, name="round_export"),
]
