from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """监督要点: what to look at in each kind of unit, and each team's field pack for a round."""

    name = "supervision"
    verbose_name = _("Supervision points")

    def ready(self):
        from search.api import register_result_type
        from supervision.models import SupervisionPointPage

        # 监督要点 in the site search (/search/, /api/search/), after the built-in types.
        register_result_type(
            key="supervision_point",
            label=_("Supervision points"),
            querysets=lambda scope: [scope.visible(SupervisionPointPage.objects.all())],
            text=lambda page: f"{page.summary} {page.common_signs}",
        )
