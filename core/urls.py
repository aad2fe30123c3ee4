from django.urls import path

from core import views

urlpatterns = [
    path("preferences/text-size/", views.text_size, name="text_size"),
    path("healthz/", views.healthz, name="healthz"),
    path("resubmit/", views.resubmit, name="resubmit"),
    path("resubmit/discard/", views.resubmit_discard, name="resubmit_discard"),
]
