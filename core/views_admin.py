"""Admin pages of the site shell: the editor guide (registered in core/wagtail_hooks.py, behind the admin's login)."""

from django.shortcuts import render

from core.editor_guide import editor_guide as load_guide


def editor_guide(request):
    return render(request, "core/editor_guide.html", {"guide": load_guide()})
