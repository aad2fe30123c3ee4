"""Forms of attendance: the sign-in code and the roster (one row per participant)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from studysessions.attendance.services import RosterEntry
from studysessions.models import Attendance, AttendanceStatus


class SignInForm(forms.Form):
    code = forms.CharField(label=_("Code shown on the screen"), max_length=40, required=False)


@dataclass
class RosterLine:
    user: object
    attendance: Attendance | None
    status: forms.BoundField
    reason: forms.BoundField
    shown: tuple[forms.BoundField, forms.BoundField]


class RosterForm(forms.Form):
    """A status and a reason per participant, named status_<user id> / reason_<user id>.

    Hidden shown_* fields carry what the page showed, and only lines the host changed are saved: people
    who scan the code while the host has the roster open keep their sign-in."""

    def __init__(self, *args, people: list, rows: dict[int, Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.rows = people, rows
        choices = [("", pgettext_lazy("attendance", "Not recorded")), *AttendanceStatus.choices]
        for user in people:
            row = rows.get(user.pk)
            self.fields[f"status_{user.pk}"] = forms.ChoiceField(
                choices=choices, required=False, widget=forms.RadioSelect, initial=row.status if row else ""
            )
            self.fields[f"reason_{user.pk}"] = forms.CharField(
                max_length=200, required=False, initial=row.reason if row else ""
            )
            self.fields[f"shown_status_{user.pk}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=row.status if row else ""
            )
            self.fields[f"shown_reason_{user.pk}"] = forms.CharField(
                required=False, widget=forms.HiddenInput, initial=row.reason if row else ""
            )

    def clean(self):
        cleaned = super().clean()
        for user in self.people:
            if (
                cleaned.get(f"status_{user.pk}") == AttendanceStatus.ABSENT
                and not (cleaned.get(f"reason_{user.pk}") or "").strip()
            ):
                self.add_error(f"reason_{user.pk}", _("Give a reason for the absence."))
        return cleaned

    def lines(self) -> list[RosterLine]:
        return [
            RosterLine(
                user=user,
                attendance=self.rows.get(user.pk),
                status=self[f"status_{user.pk}"],
                reason=self[f"reason_{user.pk}"],
                shown=(self[f"shown_status_{user.pk}"], self[f"shown_reason_{user.pk}"]),
            )
            for user in self.people
        ]

    def entries(self) -> list[RosterEntry]:
        """The lines the host changed on the page."""
        entries = []
        for user in self.people:
            data = self.cleaned_data
            status = data.get(f"status_{user.pk}") or ""
            reason = (data.get(f"reason_{user.pk}") or "").strip()
            shown = (data.get(f"shown_status_{user.pk}") or "", (data.get(f"shown_reason_{user.pk}") or "").strip())
            if (status, reason) != shown:
                entries.append(RosterEntry(user_id=user.pk, status=status, reason=reason))
        return entries
