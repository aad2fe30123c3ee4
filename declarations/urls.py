from django.urls import path

from declarations import views

app_name = "declarations"

urlpatterns = [
    path("", views.index, name="index"),
    path("confidentiality/", views.confidentiality, name="confidentiality"),
    path("recusal/", views.recusal, name="recusal"),
    path("rounds/<int:round_pk>/conflicts/", views.round_conflicts, name="round_conflicts"),
    path("rounds/<int:round_pk>/confirm/", views.round_confirm, name="round_confirm"),
    path("rounds/<int:round_pk>/report-tie/", views.report_tie, name="report_tie"),
]
