"""What other apps may ask the declarations app (readiness, the round dashboard). Keep it small and stable.

The current text of each kind is decided here only: an agreement counts when it answers the current version.
"""

from declarations.models import AcknowledgementKind, RecusalOutcome
from declarations.selectors import (
    Conflict,
    acknowledged_kinds,
    acknowledgement_times,
    current_acknowledgement,
    recusal_conflicts,
    round_acknowledgement_times,
)
from declarations.selectors import personal_records as personal_records
from declarations.services import DeclarationError, agree, confirm_for_round, decide_conflict
from declarations.services import anonymise_person_data as anonymise_person_data

__all__ = [
    "AcknowledgementKind",
    "Conflict",
    "DeclarationError",
    "RecusalOutcome",
    "acknowledged_kinds",
    "acknowledgement_times",
    "agree",
    "anonymise_person_data",
    "confirm_for_round",
    "current_acknowledgement",
    "decide_conflict",
    "personal_records",
    "recusal_conflicts",
    "round_acknowledgement_times",
]
