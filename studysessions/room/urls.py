"""URLs of the room: the projector view, the phones that follow it, the live quiz."""

from django.urls import path

from studysessions.room import views

urlpatterns = [
    path("<occurrence:key>/present/", views.present, name="present"),
    path("<occurrence:key>/present/control/", views.control, name="control"),
    path("<occurrence:key>/follow/", views.follow, name="follow"),
    path("<occurrence:key>/state/", views.state, name="state"),
    path("<occurrence:key>/live-answer/", views.live_answer, name="live_answer"),
    path("<occurrence:key>/drill-answer/", views.drill_answer, name="drill_answer"),
    path("<occurrence:key>/scenario-vote/", views.scenario_vote, name="scenario_vote"),
]
