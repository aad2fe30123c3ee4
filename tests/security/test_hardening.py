"""Hardening details of issue 13: demo loader guard, Cache-Control, export cells, GETs that write nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from fixtures.loader import DemoReport

pytestmark = pytest.mark.django_db


# load_demo creates a superuser with a published password: never by accident in production.


def test_load_demo_refuses_under_production_settings(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("XCXT_ALLOW_DEMO", raising=False)
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo")
    assert "拒绝运行" in str(excinfo.value) and "--allow-in-production" in str(excinfo.value)
    assert not get_user_model().objects.filter(username="guanli").exists()


def test_load_demo_runs_with_the_environment_variable(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("XCXT_ALLOW_DEMO", "1")
    call_command("load_demo")
    assert get_user_model().objects.filter(username="guanli", is_superuser=True).exists()


@pytest.mark.parametrize(("debug", "args"), [(True, []), (False, ["--allow-in-production"])])
def test_load_demo_runs_under_debug_or_with_the_flag(settings, monkeypatch, capsys, debug, args):
    settings.DEBUG = debug
    monkeypatch.delenv("XCXT_ALLOW_DEMO", raising=False)
    loads = []
    monkeypatch.setattr(
        "fixtures.management.commands.load_demo.load_demo_content",
        lambda: loads.append(1) or DemoReport(created=[], users=[]),
    )
    call_command("load_demo", *args)
    assert loads == [1]
    assert "示例内容已存在" in capsys.readouterr().out
