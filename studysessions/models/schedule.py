"""A series (every Tuesday and Thursday 19:30-21:30) is a rule; an occurrence becomes a row only when
something is attached to it: a cancellation, a move, an agenda, attendance, minutes, the live state."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField

from studysessions.agenda.blocks import AGENDA_BLOCKS
from studysessions.models.weekday import Weekday
from studysessions.schedule.forms import StudySeriesForm, StudySessionForm


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    ROUND = "round", _("One inspection round")
    TEAM = "team", _("One inspection team")


class StudySeries(ClusterableModel):
    """A weekly rule of evening study sessions, in Asia/Shanghai wall-clock time."""

    title = models.CharField(_("title"), max_length=80)
    place = models.CharField(_("place"), max_length=120)
    # Editors plan a series; only an administrator appoints its host (studysessions.appoint_host), so a
    # series may wait for one. Until then nobody but an administrator runs its evenings.
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_series",
        verbose_name=_("host"),
        help_text=_(
            "Runs the projector view and the roster; one evening can name another host. "
            "Empty: an administrator appoints one later."
        ),
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    round = models.ForeignKey(
        "rounds.InspectionRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="study_series",
        verbose_name=_("round"),
    )
    team = models.ForeignKey(
        "rounds.InspectionTeam",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="study_series",
        verbose_name=_("team"),
    )
    weekdays = models.CharField(
        _("weekdays"), max_length=20, help_text=_("RFC 5545 day codes separated by commas, e.g. TU,TH.")
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"), default=1, help_text=_("1 = every week, 2 = every other week.")
    )
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"), null=True, blank=True, help_text=_("Empty: no end date."))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    reminder_hours = models.PositiveSmallIntegerField(
        _("reminder (hours before)"), default=6, help_text=_("0 = no reminder e-mail.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    base_form_class = StudySeriesForm
    panels = [
        FieldPanel("title"),
        FieldPanel("place"),
        FieldPanel("host"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldRowPanel([FieldPanel("round"), FieldPanel("team")])], heading=_("Audience")
        ),
        MultiFieldPanel(
            [
                FieldPanel("weekdays"),
                FieldPanel("interval_weeks"),
                FieldRowPanel([FieldPanel("first_date"), FieldPanel("last_date")]),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
            ],
            heading=_("Schedule"),
        ),
        FieldPanel("reminder_hours"),
    ]

    class Meta:
        ordering = ["-first_date", "title"]
        verbose_name = _("study series")
        verbose_name_plural = _("study series")
        permissions = [("appoint_host", _("Can appoint or change the host of a series or an evening"))]

    def __str__(self) -> str:
        return self.title

    @property
    def weekday_codes(self) -> list[str]:
        return [code for code in self.weekdays.split(",") if code]

    def clean(self):
        errors = {}
        codes = self.weekday_codes
        if not codes or any(code not in Weekday.values for code in codes):
            errors["weekdays"] = _("Choose at least one weekday.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("A session must end after it starts on the same evening.")
        if self.first_date and self.last_date and self.last_date < self.first_date:
            errors["last_date"] = _("The last date cannot be before the first date.")
        if not self.interval_weeks:
            errors["interval_weeks"] = _("The interval must be at least one week.")
        if self.audience == Audience.ROUND and not self.round_id:
            errors["round"] = _("Choose the round whose members attend.")
        if self.audience == Audience.TEAM and not self.team_id:
            errors["team"] = _("Choose the team whose members attend.")
        if errors:
            raise ValidationError(errors)


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


def _new_secret() -> str:
    return secrets.token_hex(16)


class StudySession(models.Model):
    """One evening of a series that has something attached to it.

    ``slot_start`` is when the rule puts it and never changes: it identifies the occurrence (the
    iCalendar RECURRENCE-ID). ``starts_at``/``ends_at`` are when it really happens (moved or not).
    """

    series = models.ForeignKey(StudySeries, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("series"))
    slot_start = models.DateTimeField(_("scheduled start"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    change_note = models.CharField(
        _("note on the change"), max_length=200, blank=True, help_text=_("Shown to participants, e.g. why it moved.")
    )
    place = models.CharField(_("place"), max_length=120, blank=True, help_text=_("Empty: the series' place."))
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_sessions",
        verbose_name=_("host"),
        help_text=_("Empty: the series' host."),
    )
    agenda = StreamField(AGENDA_BLOCKS, blank=True, verbose_name=_("agenda"))
    minutes = RichTextField(_("minutes (学习记录)"), blank=True)

    # The room, while the host presents. Phones poll ``live_version`` and reload the state when it moves.
    current_step = models.PositiveIntegerField(_("current step"), default=0)
    # The furthest step shown: what the evening covered, even if the host went back afterwards.
    furthest_step = models.PositiveIntegerField(_("furthest step shown"), default=0)
    live_question_id = models.PositiveIntegerField(_("open question"), null=True, blank=True)
    live_revealed = models.BooleanField(_("answers revealed"), default=False)
    live_version = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(_("presenting since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Signs the rotating sign-in codes of this session only.
    qr_secret = models.CharField(max_length=32, default=_new_secret, editable=False)

    base_form_class = StudySessionForm
    panels = [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("status"),
        FieldPanel("change_note"),
        FieldRowPanel([FieldPanel("place"), FieldPanel("host")]),
        FieldPanel("agenda"),
        FieldPanel("minutes"),
    ]

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        constraints = [models.UniqueConstraint(fields=["series", "slot_start"], name="unique_session_slot")]
        permissions = [("host_any_session", _("Can run any study session (projector and roster)"))]

    def __str__(self) -> str:
        return f"{self.series.title} {formats.date_format(timezone.localtime(self.starts_at), 'Y-m-d H:i')}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def effective_place(self) -> str:
        return self.place or self.series.place

    @property
    def effective_host_id(self) -> int | None:
        return self.host_id or self.series.host_id

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
