"""load_demo speaks Chinese and gives the demo logins and password on every run, not only the first."""

from io import StringIO

import pytest
from django.core.management import call_command

from fixtures.loader import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("load_demo", allow_in_production=True, stdout=out)
    return out.getvalue()


def test_the_password_and_logins_are_printed_on_the_first_and_the_second_run():
    first, second = _run(), _run()
    for output in (first, second):
        assert f"密码都是 {DEMO_PASSWORD}" in output
        assert "xueyuan（学员）" in output and "guanli（管理员）" in output
    assert "已载入示例内容" in first and "示例内容已存在" in second
    # The English notes on what was created stay out of the default output.
    assert "with 46 articles" not in first and "question" not in first
