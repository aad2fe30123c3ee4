from django.urls import path

from interference import views

app_name = "interference"

urlpatterns = [
    path("new/", views.new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("rounds/<int:round_pk>/", views.round_register, name="round"),
]
