from django.urls import path

from core import views

urlpatterns = [
    path("preferences/text-size/", views.text_size, name="text_size"),
    path("healthz/", views.healthz, name="healthz"),
]
