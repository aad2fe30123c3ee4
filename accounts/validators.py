"""The password policy beyond Django's own validators: character classes and refused passwords."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Passwords published or too obvious for this office: the demo password, the site's name with a year,
# keyboard runs. Compared on letters and digits only, without case, so "Xuncha-2026!" is refused as well.
_REFUSED = {
    "xuncha-demo-2026",  # the published demo password (fixtures.loader.DEMO_PASSWORD)
    "xuncha2024",
    "xuncha2025",
    "xuncha2026",
    "xuncha2027",
    "xuncha123456",
    "xunchaxuetang",
    "xunchaban2026",
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "87654321",
    "11111111",
    "88888888",
    "66666666",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword1",
    "admin123",
    "admin12345",
    "admin@123",
    "qwertyuiop",
    "qwerty123",
    "1qaz2wsx",
    "1qaz2wsx3edc",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "abc123456",
    "abcd1234",
    "a123456789",
    "woaini1314",
}

CHARACTER_CLASSES = (
    ("lower", re.compile(r"[a-z]")),
    ("upper", re.compile(r"[A-Z]")),
    ("digit", re.compile(r"[0-9]")),
    ("other", re.compile(r"[^a-zA-Z0-9]")),
)


def _normalised(password: str) -> str:
    return re.sub(r"[^0-9a-z]", "", password.lower())


REFUSED_PASSWORDS = frozenset(_normalised(password) for password in _REFUSED)


class CharacterClassesValidator:
    """At least ``min_classes`` of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for _name, pattern in CHARACTER_CLASSES if pattern.search(password))
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(count)d kind of character: lower-case letters, capitals, digits, "
            "other characters.",
            "Your password must mix at least %(count)d kinds of characters: lower-case letters, capitals, digits, "
            "other characters.",
            self.min_classes,
        ) % {"count": self.min_classes}


class RefusedPasswordValidator:
    """Passwords that are published (the demo password) or obvious for this site."""

    def validate(self, password, user=None):
        if _normalised(password) in REFUSED_PASSWORDS:
            raise ValidationError(
                _("This password is published or too easy to guess for this site. Choose another one."),
                code="password_refused",
            )

    def get_help_text(self):
        return _("Your password cannot be the demo password or an obvious one such as the site's name and a year.")
