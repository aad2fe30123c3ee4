"""URLs of the room: the projector view, the phones that follow it, the live quiz."""

from django.urls import path

from studysessions import views_room

urlpatterns = [
    path("<occurrence:key>/present/", views_room.present, name="present"),
    path("<occurrence:key>/present/control/", views_room.control, name="control"),
    path("<occurrence:key>/follow/", views_room.follow, name="follow"),
    path("<occurrence:key>/state/", views_room.state, name="state"),
    path("<occurrence:key>/live-answer/", views_room.live_answer, name="live_answer"),
]
