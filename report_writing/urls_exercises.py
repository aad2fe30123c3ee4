"""/reports/…: the writer's result page of a handed-in draft (report_writing.views_exercises). The exercise and 范文
pages themselves are Wagtail pages; marking is in the admin (report_writing.admin_marking)."""

from django.urls import path

from report_writing import views_exercises as views

urlpatterns = [
    path("drafts/<int:pk>/result/", views.result, name="result"),
]
