"""The admin URLs and the menu entry 批量导入成员 (next to 巡察轮次), registered from RoundsConfig.ready."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from rounds.enrolment import views

urlpatterns = [
    path("", views.EnrolmentIndexView.as_view(), name="rounds_enrolment_index"),
    path("<int:round_id>/", views.RoundEnrolmentView.as_view(), name="rounds_enrolment_round"),
    path("<int:round_id>/template.xlsx", views.template_download, name="rounds_enrolment_template"),
    path("<int:round_id>/check/", views.CheckView.as_view(), name="rounds_enrolment_check"),
    path("<int:round_id>/confirm/", views.confirm, name="rounds_enrolment_confirm"),
    path("<int:round_id>/members/<int:member_id>/reissue/", views.reissue, name="rounds_enrolment_reissue"),
]


class _EnrolmentMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_enrol_somewhere(request.user)


def register() -> None:
    @hooks.register("register_admin_urls")
    def register_enrolment_urls():
        return [path("round-enrolment/", include(urlpatterns))]

    @hooks.register("register_admin_menu_item")
    def register_enrolment_menu_item():
        return _EnrolmentMenuItem(_("Enrol members"), reverse("rounds_enrolment_index"), icon_name="group", order=336)
