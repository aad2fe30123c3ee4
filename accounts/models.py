"""No tables of our own: the second factor lives in django-otp's devices, lockouts in django-axes' attempts.

The model exists to carry the permissions of the security administrator (安全管理员), so they can be
granted to a group like any other model permission.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSecurity(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("reset_second_factor", _("Can reset a person's second factor")),
            ("unlock_account", _("Can unlock an account locked after failed logins")),
        ]
        verbose_name = _("account security")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
