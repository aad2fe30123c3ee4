"""The client's address for lockouts and throttles.

Behind nginx, gunicorn sees every request come from 127.0.0.1, and counting failures per address would
lock everyone out together. nginx appends the address it saw to X-Forwarded-For (site/deploy/nginx.conf),
so for a request from the loopback (only nginx reaches gunicorn, which listens on 127.0.0.1) the last
entry of that header is the client; anything earlier in it was written by the client and is ignored.
"""

from ipaddress import ip_address

LOOPBACK = {"127.0.0.1", "::1"}


def client_address(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in LOOPBACK and forwarded:
        last = forwarded.split(",")[-1].strip()
        try:
            return str(ip_address(last))
        except ValueError:
            return remote
    return remote
