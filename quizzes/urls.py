from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("", views.quiz_list, name="list"),
    path("mistakes/", views.mistakes, name="mistakes"),
    path("mistakes/<int:question_pk>/", views.mistake_review, name="mistake_review"),
    path("attempts/<int:pk>/", views.attempt_entry, name="attempt"),
    path("attempts/<int:pk>/<int:position>/", views.question, name="question"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("<slug:slug>/", views.quiz_detail, name="detail"),
    path("<slug:slug>/start/", views.start, name="start"),
]
