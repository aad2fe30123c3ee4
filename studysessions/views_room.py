"""Views of the room part (placeholders until it is built)."""

from django.http import Http404


def present(request, **kwargs):
    raise Http404


def control(request, **kwargs):
    raise Http404


def follow(request, **kwargs):
    raise Http404


def state(request, **kwargs):
    raise Http404


def live_answer(request, **kwargs):
    raise Http404
