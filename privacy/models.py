"""No table: one unmanaged model so the two permissions have a home and can be granted to a role."""

from django.db import models
from django.utils.translation import gettext_lazy as _

EXPORT_PERSONAL_DATA = "privacy.export_personal_data"
ANONYMISE_PERSON = "privacy.anonymise_person"


class PersonalData(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("export_personal_data", _("Can export one person's data")),
            ("anonymise_person", _("Can anonymise a person")),
        ]
        verbose_name = _("personal data")
        verbose_name_plural = _("personal data")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
