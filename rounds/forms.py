"""The round's admin form: only those who may appoint managers see or change the managers field.

Imports nothing of the app: the round model names its form here while the models load.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

APPOINT_MANAGERS = "rounds.appoint_round_managers"


class InspectionRoundForm(WagtailAdminModelForm):
    """Without the appointing permission the managers field is left out (its panel hides with it), and a
    POST that names managers anyway is refused rather than quietly dropped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self.may_appoint = user is not None and user.has_perm(APPOINT_MANAGERS)
        if not self.may_appoint:
            self.fields.pop("managers", None)

    def clean(self):
        data = super().clean()
        if not self.may_appoint and self.is_bound and "managers" in self.data:
            raise ValidationError(_("Only an administrator may appoint the office staff managing a round."))
        return data
