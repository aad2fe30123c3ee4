from django.urls import path  # noqa: F401

app_name = "report_writing"

urlpatterns: list = []
