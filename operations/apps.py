from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The server's own chores as management commands: ``backup`` and ``restore``. No models, no pages."""

    name = "operations"
    verbose_name = _("Operations")
