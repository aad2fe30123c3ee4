"""Each systemd unit in site/deploy runs a management command that exists, with arguments it accepts."""

import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from config.settings import base as base_settings

DEPLOY = Path(__file__).resolve().parents[2] / "site" / "deploy"


def unit_commands():
    for unit in sorted(DEPLOY.glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")) and "manage.py" in line:
                words = shlex.split(line.split("=", 1)[1])
                yield pytest.param(words[words.index("manage.py") + 1 :], id=f"{unit.name}:{words[-1]}")


@pytest.mark.parametrize("words", list(unit_commands()))
def test_the_unit_runs_a_command_that_exists_with_arguments_it_accepts(words, settings):
    settings.TASKS = base_settings.TASKS  # the worker's queue is a database queue there, immediate in tests
    name, *arguments = words
    commands = get_commands()
    assert name in commands
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    parser.parse_args(arguments)  # exits (SystemExit) on an unknown option or a bad value


def test_every_timer_starts_a_unit_that_is_shipped():
    for timer in DEPLOY.glob("*.timer"):
        started = next(line.split("=", 1)[1] for line in timer.read_text().splitlines() if line.startswith("Unit="))
        assert (DEPLOY / started).exists(), timer.name
