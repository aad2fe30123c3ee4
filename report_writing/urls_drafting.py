"""The writer's drafting pages (report_writing.views_drafting), under /reports/."""

from django.urls import path

from report_writing import views_drafting as views

urlpatterns = [
    path("drafts/", views.my_drafts, name="my_drafts"),
    path("drafts/new/", views.start_draft, name="start_draft"),
    path("drafts/<int:pk>/", views.draft, name="draft"),
    path("drafts/<int:pk>/check/", views.check, name="check"),
    path("drafts/<int:pk>/submit/", views.submit, name="submit_draft"),
    path("drafts/<int:pk>/delete/", views.delete, name="delete_draft"),
    path("drafts/<int:pk>/problems/new/", views.problem, name="new_problem"),
    path("drafts/<int:pk>/problems/<int:problem_pk>/", views.problem, name="problem"),
    path("drafts/<int:pk>/problems/<int:problem_pk>/delete/", views.problem_delete, name="delete_problem"),
    path("drafts/<int:pk>/recommendations/new/", views.recommendation, name="new_recommendation"),
    path("drafts/<int:pk>/recommendations/<int:rec_pk>/", views.recommendation, name="recommendation"),
    path(
        "drafts/<int:pk>/recommendations/<int:rec_pk>/delete/",
        views.recommendation_delete,
        name="delete_recommendation",
    ),
    path("exercises/<int:page_pk>/start/", views.start_exercise, name="start_exercise"),
]
