from wagtail.signals import page_published

from regulations.models import RegulationPage
from regulations.services import supersede_previous_edition


def _on_publish(sender, instance, **kwargs):
    supersede_previous_edition(edition=instance)


def connect() -> None:
    page_published.connect(_on_publish, sender=RegulationPage, dispatch_uid="regulations.supersede_previous")
