"""What other apps may use of the 脱敏 check (the package export asks it about the pages and texts it carries).

- ``find_flags(text, place_names=..., unit_names=...)``: the pure check of a text; ``text_flags(text=...)`` the
  same against this office's gazetteer and unit list;
- ``page_flags(page=...)`` / ``uncleared_flags(page=...)``: a page's flags (its latest revision), with the
  reviewers' clearances;
- ``clear_flag`` / ``withdraw_clearance``: a reviewer's decision, audited (``ClearanceError`` when refused);
- ``CLEAR_PERMISSION``: who may clear.
"""

from desensitisation.detect import Flag, FlagKind, find_flags
from desensitisation.models import CLEAR_PERMISSION
from desensitisation.page_text import html_to_text, page_text
from desensitisation.selectors import PageFlag, known_names, page_flags, text_flags, uncleared_count, uncleared_flags
from desensitisation.services import ClearanceError, clear_flag, withdraw_clearance

__all__ = [
    "CLEAR_PERMISSION",
    "ClearanceError",
    "Flag",
    "FlagKind",
    "PageFlag",
    "clear_flag",
    "find_flags",
    "html_to_text",
    "known_names",
    "page_flags",
    "page_text",
    "text_flags",
    "uncleared_count",
    "uncleared_flags",
    "withdraw_clearance",
]
