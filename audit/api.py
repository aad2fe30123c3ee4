"""What every other app may use of the audit log: record an event, a view or an export of personal data.

Audit sits just above core, so every app may call it. Views of personal data are recorded on GET on
purpose: the audit trail is the one write a read must leave (等保), and it changes nothing the user sees.
"""

from audit.models import AuditCategory
from audit.selectors import SecurityEvent, security_events_of
from audit.services import record_export, record_security_event, record_view

__all__ = [
    "AuditCategory",
    "SecurityEvent",
    "record_export",
    "record_security_event",
    "record_view",
    "security_events_of",
]
