"""manage.py import_package: the preview in Chinese, --dry-run writes nothing, a damaged file is refused with
exit status 1 and nothing written, and a conflict stops the import unless the editor says keep or take."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page

from cases.models import CasePage
from fixtures.loader import load_demo_regulations
from fixtures.packages_loader import package_file_name
from packages.models import ImportedItem, PackageUpload
from quizzes.models import Question

DEMO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "packages"


@pytest.fixture
def site(db):
    load_demo_regulations()


def counts() -> tuple[int, ...]:
    return (
        Page.objects.count(),
        Question.objects.count(),
        ImportedItem.objects.count(),
        PackageUpload.objects.count(),
    )


def run(path, *args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_package", str(path), "--user", "bianji", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def demo(version: int) -> Path:
    return DEMO_DIR / package_file_name(version)


def test_dry_run_prints_the_preview_and_writes_nothing(site):
    before = counts()
    status, out, _err = run(demo(1), "--dry-run")
    assert status == 0
    assert "来源：示例县巡察办" in out
    assert "内容包：示例县优秀案例与题库（第1版）" in out
    assert "冲突 0 项" in out and "新增 0 项" not in out
    assert "[未找到]" in out and "[已修改]" in out
    assert "未写入任何内容" in out
    assert counts() == before


def test_the_import_writes_drafts_and_says_what_it_did(site):
    status, out, _err = run(demo(1))
    assert status == 0 and "已导入：新增" in out
    assert CasePage.objects.exists() and not CasePage.objects.filter(live=True).exists()
    assert PackageUpload.objects.get().imported_at is not None


def _altered(data: bytes, path: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == path:
                content = content.replace("示例".encode(), "真实".encode(), 1)
            target.writestr(info, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: _altered(data, "items/00001.json"), "条目 items/00001.json 与校验值不符"),
        (lambda data: data[: len(data) // 2], "文件不是内容包，或者文件不完整"),
    ],
    ids=["altered entry", "cut short"],
)
def test_a_damaged_file_exits_1_with_the_chinese_message_and_writes_nothing(site, tmp_path, damage, message):
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(damage(demo(1).read_bytes()))
    before = counts()
    status, out, err = run(damaged)
    assert status == 1
    assert message in err
    assert "已导入" not in out
    assert counts() == before


def test_a_conflict_stops_the_import_until_the_editor_keeps_or_takes(site):
    assert run(demo(1))[0] == 0
    imported = ImportedItem.objects.get(model="cases.casepage", title__startswith="某局“三重一大”")
    draft = CasePage.objects.get(pk=imported.object_id).get_latest_revision_as_object()
    draft.summary += "（本县编辑补充）"
    draft.save_revision(user=get_user_model().objects.get(username="bianji"))
    before = counts()

    status, out, err = run(demo(2))
    assert status == 1
    assert "冲突 1 项" in out and "冲突：某局“三重一大”" in out and "本地：" in out and "内容包：" in out
    assert "--keep-local" in err
    assert counts() == before

    status, out, _err = run(demo(2), "--take-package")
    assert status == 0 and "已导入" in out
    latest = CasePage.objects.get(pk=imported.object_id).get_latest_revision_as_object()
    assert not latest.summary.endswith("（本县编辑补充）"), "the package's version is the newest draft"
