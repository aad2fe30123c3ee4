from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.TextChoices):
    # RFC 5545 BYDAY codes: the iCalendar feed and dateutil read the same values.
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")
