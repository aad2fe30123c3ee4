from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from accounts.selectors import is_account_locked


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}),
    )


class RemoveSecondFactorForm(forms.Form):
    """Switching the second factor off: the password, or a current code from the phone (or a recovery code)."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label=_("Or a code from your authenticator app"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150, required=False)
    address = forms.GenericIPAddressField(label=_("Address"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("username") and not data.get("address"):
            raise forms.ValidationError(_("Give an account or an address to unlock."))
        return data


RESET_WINDOW = 3600  # seconds


def _spend(key: str, limit: int) -> bool:
    """Count one more use of ``key`` in the current hour; False once ``limit`` is reached."""
    cache.add(key, 0, RESET_WINDOW)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW)
        used = 1
    return used <= limit


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, throttled per address and per account, and silent for locked accounts.

    The page says the same whatever happened, so it tells nobody which addresses have accounts."""

    def __init__(self, *args, address: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address or "unknown"

    def clean(self):
        data = super().clean()
        limit = settings.ACCOUNTS_PASSWORD_RESET_LIMIT
        if not _spend(f"accounts:reset:address:{self.address}", limit * 10):
            raise forms.ValidationError(_("Too many reset requests from this address. Try again in an hour."))
        return data

    def get_users(self, email):
        limit = settings.ACCOUNTS_PASSWORD_RESET_LIMIT
        for user in super().get_users(email):
            if is_account_locked(user.get_username()):
                continue
            if not _spend(f"accounts:reset:user:{user.pk}", limit):
                continue
            yield user


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's change form (the site's password policy applies), refusing to keep the old password: an
    initial password from a slip must be replaced, not confirmed."""

    def clean(self):
        data = super().clean()
        password = data.get("new_password1")
        if password and password == data.get("old_password"):
            self.add_error(
                "new_password1",
                forms.ValidationError(_("Choose a new password, not the one you have now."), code="password_unchanged"),
            )
        return data
