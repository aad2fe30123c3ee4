"""Wagtail's sendfile backend (SENDFILE_BACKEND) for documents and for the images view.

Wagtail's document view checks the collection's privacy and then calls this. Behind nginx
(XCXT_MEDIA_ACCEL_PREFIX set) the answer is an empty response with X-Accel-Redirect to nginx's
`internal` location, which browsers cannot request themselves; without nginx Django streams the file.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from wagtail.utils import sendfile_streaming_backend


def sendfile(request, filename, **kwargs):
    prefix = settings.MEDIA_ACCEL_PREFIX
    if not prefix:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    try:
        relative = Path(filename).resolve().relative_to(Path(settings.MEDIA_ROOT).resolve())
    except ValueError as exc:
        raise Http404 from exc
    response = HttpResponse()
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + relative.as_posix()
    del response["Content-Type"]  # nginx sets it from the file
    return response
