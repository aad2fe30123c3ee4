from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sessions")

    def ready(self):
        # Log-ins, failures, lockouts: each one an audit entry.
        from accounts import receivers  # noqa: F401
