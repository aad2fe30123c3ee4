from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    """Acknowledgements a trainee gives in the browser: the confidentiality commitment and the recusal declaration."""

    name = "declarations"
    verbose_name = _("Declarations")
