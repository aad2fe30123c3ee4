from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HoursConfig(AppConfig):
    """学时 and 结业证明: minutes credited per lesson, evening attended in person and practice marked; a certificate
    with a verification code when a track is completed."""

    name = "hours"
    verbose_name = _("Study hours")
