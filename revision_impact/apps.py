from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevisionImpactConfig(AppConfig):
    """修订影响清单: what in the site cites the articles a revision changed, renumbered or removed."""

    name = "revision_impact"
    verbose_name = _("Revision impact list")

    def ready(self):
        from revision_impact import receivers

        receivers.connect()
