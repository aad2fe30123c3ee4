"""A .docx that unpacks to far more than it weighs is refused from its ZIP directory, fast, in Chinese."""

import io
import time
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regulations.decoding import MAX_SOURCE_BYTES, RegulationParseError, decode_source
from regulations.models import RegulationPage
from tests.factories import client_for

_RUN = "<w:p><w:r><w:t>第一条　为了规范巡察工作，制定本办法。</w:t></w:r></w:p>".encode()


def _real_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("第一条　内容。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_document_xml(write_body) -> bytes:
    """A real .docx whose word/document.xml is replaced by what write_body writes (streamed, never held whole)."""
    source = zipfile.ZipFile(io.BytesIO(_real_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for member in source.infolist():
            if member.filename != "word/document.xml":
                archive.writestr(member, source.read(member))
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            write_body(part)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """About 100 MB of repeated paragraphs that deflate to a few hundred KB."""

    def write(part):
        part.write(
            b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:body>'
        )
        chunk = _RUN * (1024 * 1024 // len(_RUN))
        for _ in range(100):
            part.write(chunk)
        part.write(b"</w:body></w:document>")

    return _with_document_xml(write)


def _refusal(data: bytes, filename: str = "条例.docx") -> RegulationParseError:
    with pytest.raises(RegulationParseError) as excinfo:
        decode_source(data, filename=filename)
    return excinfo.value


def test_the_bomb_is_small_enough_to_pass_the_upload_size_guard(bomb):
    assert len(bomb) < MAX_SOURCE_BYTES
    declared = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert declared > 90 * 1024 * 1024


def test_a_docx_bomb_is_refused_in_milliseconds_with_a_chinese_message(bomb):
    started = time.perf_counter()
    error = _refusal(bomb)
    assert time.perf_counter() - started < 0.5
    assert error.message == "无法读取“条例.docx”：Word 文件解压后过大或压缩比异常，可能是恶意文件。请另存为 .txt 后上传"


def test_a_bomb_under_another_name_is_still_checked(bomb):
    # A ZIP holding word/document.xml is read as Word whatever its name.
    assert "压缩比异常" in _refusal(bomb, filename="条例.txt").message


def test_a_modest_document_xml_with_a_bomb_like_ratio_is_refused():
    def write(part):
        part.write(b"<w:document><w:body>" + b" " * (3 * 1024 * 1024) + b"</w:body></w:document>")

    assert "压缩比异常" in _refusal(_with_document_xml(write)).message


def test_a_document_xml_over_the_limit_is_refused_even_at_a_plausible_ratio(monkeypatch):
    monkeypatch.setattr("regulations.decoding.MAX_DOCX_DOCUMENT_XML_BYTES", 100)
    assert "解压后过大" in _refusal(_real_docx()).message


def test_entity_declarations_are_refused():
    def write(part):
        part.write(
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
        )

    assert "DTD" in _refusal(_with_document_xml(write)).message


def test_an_ordinary_docx_still_reads():
    assert decode_source(_real_docx(), filename="条例.docx") == ["第一条　内容。"]


@pytest.mark.django_db
def test_the_admin_import_refuses_the_bomb_and_writes_no_regulation(bomb, editor):
    response = client_for(editor).post(
        reverse("regulation_import"), {"file": SimpleUploadedFile("办法.docx", bomb), "title": "炸弹"}
    )
    assert response.status_code == 200
    assert "压缩比异常" in response.content.decode()
    assert not RegulationPage.objects.exists()
