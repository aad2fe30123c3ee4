"""The 定性 drills' admin: the marking queue of 定性 sentences (menu 定性阅卷)."""

from django.urls import include, path
from wagtail import hooks

from drills import admin_marking


@hooks.register("register_admin_urls")
def register_drill_admin_urls():
    return [path("drills/", include(admin_marking.urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_drill_marking_menu_item():
    return admin_marking.marking_menu_item()
