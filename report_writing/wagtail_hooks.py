"""Admin: the snippets editors keep (admin_snippets) and the marking queue (admin_marking); each module registers
its own hooks when imported here."""

from report_writing import admin_marking, admin_snippets  # noqa: F401
