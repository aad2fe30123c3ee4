from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """The review queue (反复学): studied articles and missed questions come back on an FSRS schedule."""

    name = "reviews"
    verbose_name = _("Review queue")

    def ready(self):
        from reviews import receivers

        receivers.connect()
