from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data (个人信息保护法): a person's own records as one file, and the office's export or
    anonymisation of one person. Reads every other app through its api.py; stores nothing of its own."""

    name = "privacy"
    verbose_name = _("Personal data")
