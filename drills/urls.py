from django.urls import path

from drills import views

app_name = "drills"

# /drills/ itself is the DrillIndexPage (a Wagtail page with that slug), listed in the header menu.
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("cases/<int:case_id>/", views.drill, name="drill"),
    path("attempts/<int:pk>/", views.result, name="result"),
    path("rounds/<int:pk>/", views.round_categories, name="round"),
]
