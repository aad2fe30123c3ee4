"""The importer as editors and the command line use it: all or nothing, clear Chinese errors, editions linked."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from regulations.models import (
    ImportStatus,
    RegulationArticle,
    RegulationImport,
    RegulationIndexPage,
    RegulationPage,
    RegulationStatus,
)
from regulations.parsing import RegulationParseError
from regulations.services import import_regulation

pytestmark = pytest.mark.django_db

TEXT = """测试巡察办法
（2026年1月1日通过）
第一章　总　　则
第一条　为了规范巡察工作，制定本办法。
第二条　巡察组应当依照本办法第三条开展工作。
第三条　巡察组可以采取下列方式：
（一）个别谈话；
（二）查阅资料。
第二章　程序
第一节　准备
第四条　第三条规定的方式，由组长决定。
"""


def _docx(lines: list[str]) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_on_a_fresh_database_creates_the_library_and_a_draft_edition():
    assert not RegulationIndexPage.objects.exists()
    regulation = import_regulation(source=TEXT.encode("gbk"), filename="办法.txt", title="测试巡察办法")
    assert RegulationIndexPage.objects.get().live
    assert not regulation.live
    assert regulation.preamble == "（2026年1月1日通过）"
    articles = list(regulation.articles.order_by("ordinal"))
    assert [a.label for a in articles] == ["第一条", "第二条", "第三条", "第四条"]
    assert articles[0].chapter == "第一章　总则"
    assert articles[3].chapter == "第二章　程序" and articles[3].section == "第一节　准备"
    assert articles[2].paragraphs == ["巡察组可以采取下列方式：", "（一）个别谈话；", "（二）查阅资料。"]
    # A paragraph that begins with a reference stays inside its article.
    assert articles[3].paragraphs == ["第三条规定的方式，由组长决定。"]


def test_bad_input_writes_nothing():
    broken = TEXT.replace("第三条　巡察组可以", "第五条　巡察组可以")
    with pytest.raises(RegulationParseError) as raised:
        import_regulation(source=broken.encode("utf-8"), filename="坏.txt", title="坏办法")
    assert "跳号" in raised.value.message or "重复" in raised.value.message
    assert not RegulationPage.objects.exists()
    assert not RegulationArticle.objects.exists()


def test_a_revised_edition_links_back_and_publishing_it_marks_the_old_one_revised():
    old = import_regulation(source=TEXT.encode("utf-8"), filename="a.txt", title="测试巡察办法", publish=True)
    new = import_regulation(
        source=TEXT.replace("由组长决定", "由组长集体研究决定").encode("utf-8"),
        filename="b.docx.txt",
        title="测试巡察办法（修订）",
        revises=old,
    )
    old.refresh_from_db()
    assert new.revises == old and old.status == RegulationStatus.IN_FORCE  # a draft supersedes nothing
    new.save_revision().publish()
    old.refresh_from_db()
    assert old.status == RegulationStatus.REVISED
    assert old.live


def test_command_dry_run_json_prints_only_the_parse_and_writes_nothing(tmp_path, capsys):
    source = tmp_path / "办法.docx"
    source.write_bytes(_docx(TEXT.splitlines()))
    call_command("import_regulation", str(source), "--title", "测试巡察办法", "--dry-run", "--json")
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["title"] == "测试巡察办法"
    assert data["chapters"][1] == {
        "number": "第二章",
        "title": "程序",
        "part": None,
        "sections": [{"number": "第一节", "title": "准备"}],
    }
    assert data["articles"][2] == {
        "ordinal": 3,
        "number": "第三条",
        "chapter": "第一章",
        "section": None,
        "part": None,
        "paragraphs": ["巡察组可以采取下列方式：", "（一）个别谈话；", "（二）查阅资料。"],
    }
    assert data["articles"][3]["section"] == "第一节"
    assert "解析成功" in captured.err
    assert not RegulationPage.objects.exists()


def test_command_imports_and_reports_in_chinese(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_bytes(TEXT.encode("utf-8-sig").replace(b"\n", b"\r\n"))
    call_command("import_regulation", str(source), "--title", "测试巡察办法", "--publish")
    regulation = RegulationPage.objects.get()
    assert regulation.live and regulation.articles.count() == 4
    assert "已导入" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "\u6587\u4ef6\u4e3a\u7a7a"),  # 文件为空
        (b"\x00\x01\x02binary", "不是文本文件"),
        ("只有正文，没有条文。".encode(), "未找到任何条文"),
    ],
)
def test_command_refuses_bad_files_with_a_message_and_records_the_attempt(tmp_path, content, expected):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_regulation", str(source), "--title", "坏文件")
    assert expected in str(raised.value)
    assert not RegulationPage.objects.exists()
    attempt = RegulationImport.objects.get()
    assert attempt.status == ImportStatus.FAILED and expected in attempt.error


def test_command_checks_its_arguments(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_regulation", str(tmp_path / "missing.txt"), "--title", "x")
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match="不存在"):
        call_command("import_regulation", str(source), "--title", "x", "--revises", "9999")
    with pytest.raises(CommandError, match="--dry-run"):
        call_command("import_regulation", str(source), "--title", "x", "--json")


def test_imported_articles_are_in_the_search_index_at_once():
    text = TEXT.replace("制定本办法。", "制定本办法 XJ2026 。")
    regulation = import_regulation(source=text.encode("utf-8"), filename="a.txt", title="测试巡察办法")
    hits = list(RegulationArticle.objects.search("XJ2026"))
    assert [hit.label for hit in hits] == ["第一条"]
    assert hits[0].regulation_id == regulation.pk


def test_command_refuses_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr("regulations.management.commands.import_regulation.MAX_SOURCE_BYTES", 1024 * 1024)
    source = tmp_path / "big.txt"
    source.write_bytes(TEXT.encode("utf-8") * (1024 * 1024 // len(TEXT.encode("utf-8")) + 1))
    with pytest.raises(CommandError, match="文件过大"):
        call_command("import_regulation", str(source), "--title", "太大")
    assert not RegulationPage.objects.exists()
