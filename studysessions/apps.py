from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudySessionsConfig(AppConfig):
    name = "studysessions"
    verbose_name = _("Evening study sessions")

    def ready(self):
        from django.urls import register_converter

        from studysessions.converters import OccurrenceKeyConverter

        # Registered before any URLconf is imported: every urls_*.py module uses <occurrence:key>.
        register_converter(OccurrenceKeyConverter, "occurrence")
