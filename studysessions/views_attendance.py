"""Views of the attendance part (placeholders until it is built)."""

from django.http import Http404


def sign_in(request, **kwargs):
    raise Http404


def sign_in_code(request, **kwargs):
    raise Http404


def roster(request, **kwargs):
    raise Http404


def make_up(request, **kwargs):
    raise Http404


def minutes(request, **kwargs):
    raise Http404


def record(request, **kwargs):
    raise Http404
