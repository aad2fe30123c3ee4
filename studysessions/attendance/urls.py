"""URLs of attendance: sign-in by code, the projector's QR image, the host's roster."""

from django.urls import path

from studysessions.attendance import views

urlpatterns = [
    path("<occurrence:key>/sign-in/", views.sign_in, name="sign_in"),
    path("<occurrence:key>/sign-in-code.svg", views.sign_in_code, name="sign_in_code"),
    path("<occurrence:key>/roster/", views.roster, name="roster"),
]
