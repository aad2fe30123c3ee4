"""URLs of a rehearsal (演练): its projector and remote, its QR code, the phone's page behind the code."""

from django.urls import path

from studysessions.rehearsal import views

urlpatterns = [
    path("<occurrence:key>/rehearsal/", views.rehearsal, name="rehearsal"),
    path("<occurrence:key>/rehearsal/control/", views.rehearsal_control, name="rehearsal_control"),
    path("<occurrence:key>/rehearsal/sign-in/", views.rehearsal_sign_in, name="rehearsal_sign_in"),
    path("<occurrence:key>/rehearsal/sign-in-code.svg", views.rehearsal_sign_in_code, name="rehearsal_sign_in_code"),
]
