from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("teams/<int:team_pk>/", views.team_pack, name="team_pack"),
    path("teams/<int:team_pk>/pack.docx", views.team_pack_docx, name="team_pack_docx"),
    path("teams/<int:team_pk>/coverage/", views.coverage, name="coverage"),
    path("teams/<int:team_pk>/coverage/tick/", views.tick, name="tick"),
]
