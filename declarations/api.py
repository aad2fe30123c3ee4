"""What other apps may ask the declarations app (readiness, the round dashboard). Keep it small and stable."""

from declarations.selectors import Conflict, acknowledged_kinds, current_acknowledgement, recusal_conflicts
from declarations.services import DeclarationError, agree

__all__ = [
    "Conflict",
    "DeclarationError",
    "acknowledged_kinds",
    "agree",
    "current_acknowledgement",
    "recusal_conflicts",
]
