"""Admin URLs of the packages (mounted at /admin/packages/ by wagtail_hooks)."""

from django.urls import path

from packages.views.exports import (
    ExportApproveView,
    ExportClearView,
    ExportDeleteView,
    ExportDetailView,
    ExportDownloadView,
    ExportNewView,
)
from packages.views.imports import ImportConfirmView, ImportDetailView, ImportNewView
from packages.views.index import IndexView, OfficeNameView, ReleaseQuestionsView

urlpatterns: list = [
    path("", IndexView.as_view(), name="index"),
    path("office/", OfficeNameView.as_view(), name="office"),
    path("questions/release/", ReleaseQuestionsView.as_view(), name="release_questions"),
    path("exports/new/", ExportNewView.as_view(), name="export_new"),
    path("exports/<int:pk>/", ExportDetailView.as_view(), name="export_detail"),
    path("exports/<int:pk>/clear/", ExportClearView.as_view(), name="export_clear"),
    path("exports/<int:pk>/approve/", ExportApproveView.as_view(), name="export_approve"),
    path("exports/<int:pk>/delete/", ExportDeleteView.as_view(), name="export_delete"),
    path("exports/<int:pk>/download/", ExportDownloadView.as_view(), name="export_download"),
    path("imports/new/", ImportNewView.as_view(), name="import_new"),
    path("imports/<int:pk>/", ImportDetailView.as_view(), name="import_detail"),
    path("imports/<int:pk>/confirm/", ImportConfirmView.as_view(), name="import_confirm"),
]
