from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PackagesConfig(AppConfig):
    """Content packages between offices: an approved, 脱敏-checked zip of cases, guides, lessons, question banks
    and the like, whose citations travel as regulation title + edition + article number + text fingerprint and are
    re-linked to the receiver's edition in force on import."""

    name = "packages"
    verbose_name = _("Content packages")
