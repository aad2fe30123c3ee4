"""Admin: what editors keep for report writing, under one 报告写作 menu group: the office's outlines (checked so a
draft knows where its problems and recommendations go), the vague wordings a team leader strikes out, and the rule
behind each check. Registered here with register_snippet; wagtail_hooks imports this module."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from report_writing import services
from report_writing.models import CheckBasis, ReportOutline, SectionRole, VagueWording

#: Roles a draft may have once only: the problem entries and the recommendations are shown inside them.
SINGLE_ROLES = (SectionRole.PROBLEMS, SectionRole.RECOMMENDATIONS)


class ReportOutlineForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("sections")
        if formset is None or not formset.is_valid():
            return cleaned  # the formset shows its own errors
        roles = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None)
            if data and not data.get("DELETE"):
                roles.append(data.get("role"))
        if not roles:
            raise ValidationError(_("An outline needs at least one section."))
        labels = dict(SectionRole.choices)
        for role in SINGLE_ROLES:
            if roles.count(role) > 1:
                raise ValidationError(
                    _("An outline may have only one section with the role “%(role)s”.") % {"role": labels[role]}
                )
        return cleaned

    def _get_validation_exclusions(self):
        # One default at most is kept by save(), which moves the flag; the constraint must not refuse the move.
        exclude = super()._get_validation_exclusions()
        exclude.add("is_default")
        return exclude

    def save(self, commit=True):
        if not (commit and self.cleaned_data.get("is_default")):
            return super().save(commit=commit)
        # Moving the default flag: the other outline lets go in the same transaction (one default at most).
        with transaction.atomic():
            services.release_default_outline(keep_pk=self.instance.pk)
            return super().save(commit=commit)


class ReportOutlineViewSet(SnippetViewSet):
    model = ReportOutline
    icon = "list-ol"
    menu_label = gettext_lazy("Report outlines")
    list_display = [
        "name",
        Column("is_default", label=gettext_lazy("default outline"), accessor=lambda o: "✓" if o.is_default else ""),
    ]
    search_fields = ["name"]
    edit_handler = ObjectList(ReportOutline.panels, base_form_class=ReportOutlineForm)


class VagueWordingViewSet(SnippetViewSet):
    model = VagueWording
    icon = "warning"
    menu_label = gettext_lazy("Vague wordings")
    list_display = ["phrase", "suggestion"]
    search_fields = ["phrase"]


class CheckBasisViewSet(SnippetViewSet):
    model = CheckBasis
    icon = "doc-full"
    menu_label = gettext_lazy("Rules behind the checks")
    list_display = ["code", "rule", "article"]


class ReportWritingGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Report writing")
    menu_icon = "edit"
    menu_order = 320
    items = (ReportOutlineViewSet, VagueWordingViewSet, CheckBasisViewSet)


register_snippet(ReportWritingGroup)
