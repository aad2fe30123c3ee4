from django.db.models.signals import post_migrate
from wagtail.signals import page_published

from regulations.models import RegulationPage
from regulations.services import put_edition_in_force
from regulations.succession import fill_missing_succession


def _on_publish(sender, instance, **kwargs):
    put_edition_in_force(edition=instance)


def _after_migrate(sender, **kwargs):
    # Editions revised before article succession was recorded get it now, so no deployment has to remember
    # a command after upgrading.
    fill_missing_succession()


def connect(app_config=None) -> None:
    if app_config is not None:
        post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="regulations.fill_succession")
    page_published.connect(_on_publish, sender=RegulationPage, dispatch_uid="regulations.supersede_previous")
