"""Reminder e-mails before an evening (``services.send_due_reminders``, run by send_session_reminders)."""
