"""A form posted after the login ran out is kept, not lost: 登录已过期，你刚才提交的内容还没有保存.

When a POST arrives without a live login (the session ran out, or the idle timeout ended it), the
middleware keeps its fields in the new anonymous session with the path they were posted to, and sends
the person to the login page with ``next`` set to the resubmit page (``core.views.resubmit``). After
logging in, that page renders the kept fields as a form with a fresh CSRF token and one button,
重新提交, that posts them to the same path; 放弃 drops them.

Rules: files, the CSRF token and anything with a password are never kept (a POST with files or a
password field is not kept at all, and the login page says so); at most MAX_FIELDS fields and MAX_BYTES
of text; the stash lasts MAX_AGE; it is replayed only to the path it was posted to, and only by the
person it was taken from when that is known; a GET only reads it. It is removed when the replayed POST
arrives (its MARKER field names the stash) or on 放弃.
"""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "core.resubmit"
MARKER = "_resubmit"
UNSAVED_PARAM = "unsaved"
MAX_FIELDS = 200
MAX_BYTES = 64 * 1024
MAX_AGE = timedelta(minutes=30)
_NEVER_KEPT = {"csrfmiddlewaretoken", MARKER}


@dataclass(frozen=True)
class Stash:
    id: str
    path: str
    fields: list[tuple[str, str]]
    saved_at: float

    @property
    def age_minutes(self) -> int:
        return int((time.time() - self.saved_at) // 60)


def _keepable_fields(request) -> list[tuple[str, str]] | None:
    """The POST's fields to keep, or None when it cannot be kept (files, a password, too large)."""
    if request.FILES:
        return None
    fields = []
    size = 0
    for name in request.POST:
        if "password" in name.lower():
            return None
        if name in _NEVER_KEPT:
            continue
        for value in request.POST.getlist(name):
            size += len(name.encode()) + len(value.encode())
            fields.append((name, value))
    if len(fields) > MAX_FIELDS or size > MAX_BYTES:
        return None
    return fields


def stash_post(request, *, user_id: int | None = None) -> bool:
    """Keep this POST's fields in the (new, anonymous) session; whether they could be kept.

    ``user_id`` is the person whose session just ended, when known: only they may replay it.
    """
    fields = _keepable_fields(request)
    if fields is None:
        request.session.pop(SESSION_KEY, None)
        return False
    request.session[SESSION_KEY] = {
        "id": secrets.token_urlsafe(12),
        "path": request.path,
        "fields": fields,
        "at": time.time(),
        "user": user_id,
    }
    return True


def login_redirect_url(*, kept: bool, login_url: str, next_path: str) -> str:
    """Where a POST without a login is sent: the login page, then the resubmit page if the fields were kept."""
    query = {"next": reverse("resubmit") if kept else next_path}
    if not kept:
        query[UNSAVED_PARAM] = "1"
    return f"{login_url}?{urlencode(query)}"


def pending(request) -> Stash | None:
    """The kept submission this person may replay now, if any. Reads only."""
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if time.time() - data.get("at", 0) > MAX_AGE.total_seconds():
        return None
    owner = data.get("user")
    if owner is not None and owner != request.user.pk:
        return None
    path = data.get("path", "")
    if not path.startswith("/") or not url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return None
    return Stash(id=data["id"], path=path, fields=[tuple(f) for f in data["fields"]], saved_at=data["at"])


def is_kept(request) -> bool:
    """Whether a submission is being kept in this session (for the login page, before anyone is signed in)."""
    return isinstance(request.session.get(SESSION_KEY), dict)


def discard(request) -> Stash | None:
    """Drop the kept submission (放弃); the one dropped, if it was still valid."""
    stash = pending(request)
    request.session.pop(SESSION_KEY, None)
    return stash


def note_replayed(request) -> None:
    """A POST carrying the stash's marker to its path has used it: remove it (called for signed-in POSTs)."""
    if request.method != "POST" or SESSION_KEY not in request.session:
        return
    data = request.session[SESSION_KEY]
    marker = request.POST.get(MARKER)
    if marker and isinstance(data, dict) and marker == data.get("id") and request.path == data.get("path"):
        request.session.pop(SESSION_KEY, None)
