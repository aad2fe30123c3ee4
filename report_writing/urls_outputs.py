"""/reports/…: the 三张清单 of a draft and its .docx exports (report_writing.views_outputs)."""

from django.urls import path

from report_writing import views_outputs as views

urlpatterns = [
    path("drafts/<int:pk>/lists/", views.lists, name="lists"),
    path("drafts/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("drafts/<int:pk>/feedback.docx", views.feedback_docx, name="feedback_docx"),
    path("drafts/<int:pk>/lists.docx", views.lists_docx, name="lists_docx"),
    path("model-reports/<int:page_pk>/report.docx", views.model_report_docx, name="model_report_docx"),
]
