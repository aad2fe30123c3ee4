"""Views of the calendar part (placeholders until it is built)."""

from django.http import Http404


def session_list(request, **kwargs):
    raise Http404


def calendar_settings(request, **kwargs):
    raise Http404


def feed(request, **kwargs):
    raise Http404


def detail(request, **kwargs):
    raise Http404
