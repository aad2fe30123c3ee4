"""The person's profile (手机号, 工号, 原单位, a forced password change); the second factor lives in django-otp's
devices, lockouts in django-axes' attempts.

``AccountSecurity`` exists to carry the permissions of the security administrator (安全管理员), so they can be
granted to a group like any other model permission.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class PersonProfile(models.Model):
    """What the office knows of a person beyond the account: how to reach and recognise them (手机号, 工号,
    原单位), and whether they must choose their own password before anything else (an initial password from a
    bulk enrolment or a re-issue). One per person, created by ``services`` when first needed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_profile", verbose_name=_("person")
    )
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True)
    staff_number = models.CharField(_("staff number"), max_length=32, blank=True)
    home_unit = models.CharField(_("home unit"), max_length=120, blank=True)
    must_change_password = models.BooleanField(_("must change password"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person profile")
        verbose_name_plural = _("person profiles")
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~Q(phone=""), name="unique_profile_phone"),
            models.UniqueConstraint(
                fields=["staff_number"], condition=~Q(staff_number=""), name="unique_profile_staff_number"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
