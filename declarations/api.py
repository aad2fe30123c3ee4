"""What other apps may ask the declarations app (readiness, the round dashboard). Keep it small and stable.

The current text of each kind is decided here only: an agreement counts when it answers the current version.
"""

from declarations.models import AcknowledgementKind
from declarations.selectors import (
    Conflict,
    acknowledged_kinds,
    acknowledgement_times,
    current_acknowledgement,
    recusal_conflicts,
)
from declarations.services import DeclarationError, agree

__all__ = [
    "AcknowledgementKind",
    "Conflict",
    "DeclarationError",
    "acknowledged_kinds",
    "acknowledgement_times",
    "agree",
    "current_acknowledgement",
    "recusal_conflicts",
]
