from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from studysessions.schedule.converters import OccurrenceKeyConverter


class StudySessionsConfig(AppConfig):
    name = "studysessions"
    verbose_name = _("Evening study sessions")

    def ready(self):
        # Registered before any URLconf is imported: every subpackage's urls.py uses <occurrence:key>.
        register_converter(OccurrenceKeyConverter, "occurrence")
