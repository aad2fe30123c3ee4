"""What the apps above readiness (reminders, the talent pool) may ask it: a round's or a person's readiness,
computed the same way the office dashboard computes it."""

from readiness.criteria import Criterion, State
from readiness.rules import ModuleStatus, Readiness, readiness_for_request, readiness_for_round, readiness_for_user

__all__ = [
    "Criterion",
    "ModuleStatus",
    "Readiness",
    "State",
    "readiness_for_request",
    "readiness_for_round",
    "readiness_for_user",
]
