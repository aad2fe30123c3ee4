from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    """成长档案 and 人才库: one record per person that outlives a secondment (rounds and roles, readiness, 学时, scores,
    marked work, declared specialisms), searched by round managers when staffing a round."""

    name = "talent"
    verbose_name = _("Talent pool")
