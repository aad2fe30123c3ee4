"""URLs of attendance: sign-in by code, the roster, make-up, minutes and the printable record."""

from django.urls import path

from studysessions import views_attendance

urlpatterns = [
    path("<occurrence:key>/sign-in/", views_attendance.sign_in, name="sign_in"),
    path("<occurrence:key>/sign-in-code.svg", views_attendance.sign_in_code, name="sign_in_code"),
    path("<occurrence:key>/roster/", views_attendance.roster, name="roster"),
    path("<occurrence:key>/make-up/", views_attendance.make_up, name="make_up"),
    path("<occurrence:key>/minutes/", views_attendance.minutes, name="minutes"),
    path("<occurrence:key>/record/", views_attendance.record, name="record"),
]
