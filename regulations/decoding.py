"""Turn an uploaded regulation file (.txt or .docx) into lines of text.

Every error carries a message for the person who uploaded the file, in Simplified Chinese.
"""

import io
import math
import re
import zipfile

import docx

MAX_SOURCE_BYTES = 5 * 1024 * 1024
# A .docx is a ZIP archive. Before anything is inflated, its directory (infolist) is checked, so a
# small "zip bomb" is refused in milliseconds: the total uncompressed size, the size of the main text
# (word/document.xml; a 300-article regulation is under 2 MB of it) and each large entry's compression
# ratio (Word's XML compresses about 5-20 to 1; a bomb's about 1000 to 1). zipfile never inflates an
# entry past its declared size, so the declared sizes bound the work.
MAX_DOCX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024
MAX_DOCX_DOCUMENT_XML_BYTES = 15 * 1024 * 1024
MAX_DOCX_COMPRESSION_RATIO = 100
_RATIO_CHECKED_FROM_BYTES = 1024 * 1024  # tiny entries compress well and can do no harm

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word .doc (and .xls, .ppt)
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Only CR, LF and CRLF end a line, as in text editors: str.splitlines() would also split on
# form feeds and U+2028, and the line numbers in error messages would no longer match.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
_NEITHER_ENCODING = "文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码"
_UPLOAD_HINT = "请上传 .txt（UTF-8 或 GBK 编码）或 .docx 文件"


class RegulationParseError(Exception):
    """A problem with an uploaded regulation text; `message` is shown to the user as is."""

    def __init__(self, message: str, *, lines: list[int] | None = None):
        super().__init__(message)
        self.message = message
        self.lines = sorted(set(lines or []))


def decode_source(data: bytes, *, filename: str) -> list[str]:
    """Return the lines of an uploaded .txt or .docx file, trailing whitespace removed.

    Line numbers in later error messages are positions in this list (1-based): for a text file
    they match a text editor's, for a .docx they count Word paragraphs.
    """
    if len(data) > MAX_SOURCE_BYTES:
        size = math.ceil(len(data) / 1024 / 1024 * 10) / 10
        limit = MAX_SOURCE_BYTES // (1024 * 1024)
        raise RegulationParseError(f"文件过大（{size:.1f} MB），不能超过 {limit} MB")
    if not data:
        raise RegulationParseError("文件为空，没有任何内容")
    is_docx_name = filename.lower().endswith(".docx")
    if is_docx_name or (data.startswith(_ZIP_MAGIC) and _has_word_document(data)):
        lines = _docx_lines(data, filename)
    else:
        lines = _text_lines(data)
    lines = [line.rstrip() for line in lines]
    if not any(lines):
        raise RegulationParseError("文件为空，只有空白字符，没有任何文字")
    return lines


def _has_word_document(data: bytes) -> bool:
    # Any ZIP starts with PK; only one holding word/document.xml is a Word file.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _docx_lines(data: bytes, filename: str) -> list[str]:
    damaged = f"无法读取“{filename}”：Word 文件已损坏或不是有效的 .docx 文件"
    if data.startswith(_OLE_MAGIC):
        raise RegulationParseError(f"{damaged}（这是旧版 Word .doc 格式，请在 Word 中另存为 .docx 后重新上传）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_docx_archive(archive, filename=filename)
        # python-docx parses with lxml, resolve_entities=False and without huge_tree: no entity
        # expansion, and the sizes it may read were bounded above.
        document = docx.Document(io.BytesIO(data))
    except RegulationParseError:
        raise
    except Exception as error:  # python-docx and zipfile raise many unrelated types for a broken file
        raise RegulationParseError(damaged) from error
    lines: list[str] = []
    for paragraph in document.paragraphs:
        # A manual line break (Shift+Enter) shows as a new line, so it starts one here too.
        lines.extend(_LINE_BREAK.split(paragraph.text))
    return lines


def check_docx_archive(archive: zipfile.ZipFile, *, filename: str) -> None:
    """Refuse a .docx whose ZIP directory promises too much work, before any entry is inflated.

    Also refuses an XML part that declares a DTD (Word never writes one; entity tricks need one).
    Raises RegulationParseError with a message for the uploader.
    """
    too_large = f"无法读取“{filename}”：Word 文件解压后过大或压缩比异常，可能是恶意文件。请另存为 .txt 后上传"
    members = archive.infolist()
    if sum(member.file_size for member in members) > MAX_DOCX_UNCOMPRESSED_BYTES:
        raise RegulationParseError(too_large)
    for member in members:
        if member.filename == "word/document.xml" and member.file_size > MAX_DOCX_DOCUMENT_XML_BYTES:
            raise RegulationParseError(too_large)
        if member.file_size >= _RATIO_CHECKED_FROM_BYTES and (
            member.file_size > MAX_DOCX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            raise RegulationParseError(too_large)
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and member.file_size:
            with archive.open(member) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
                raise RegulationParseError(
                    f"无法读取“{filename}”：Word 文件含有不允许的 XML 声明（DTD），请另存为 .txt 后上传"
                )


def _text_lines(data: bytes) -> list[str]:
    if data.startswith(_UTF16_BOMS):
        # Windows Notepad's "Unicode" encoding; without this the NUL bytes would read as binary.
        try:
            return _split(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise RegulationParseError(f"文件编码无法识别，{_UPLOAD_HINT}") from None
    kind = _binary_kind(data)
    if kind:
        raise RegulationParseError(f"文件不是文本文件（{kind}），{_UPLOAD_HINT}")
    has_bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM) :] if has_bom else data
    try:
        return _split(body.decode("utf-8"))
    except UnicodeDecodeError as utf8_error:
        if has_bom:  # a BOM says UTF-8, so GB18030 is not worth trying
            reason = "文件标明为 UTF-8 编码，但此处不是有效的 UTF-8"
            raise _undecodable(data, len(_UTF8_BOM) + utf8_error.start, "utf-8", reason) from None
        try:
            return _split(data.decode("gb18030"))
        except UnicodeDecodeError as gb_error:
            # Point at the failure of the encoding that read further: it is the likelier one.
            if utf8_error.start >= gb_error.start:
                raise _undecodable(data, utf8_error.start, "utf-8") from None
            raise _undecodable(data, gb_error.start, "gb18030") from None


def _binary_kind(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "PDF 文件"
    if data.startswith(_OLE_MAGIC):
        return "旧版 Word .doc 文件，请在 Word 中另存为 .docx"
    if data.startswith(_ZIP_MAGIC):
        return "压缩文件"
    if b"\x00" in data:
        return "含有二进制数据，可能是图片、PDF 或压缩文件"
    return None


def _split(text: str) -> list[str]:
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()  # the final line break ends the last line rather than starting a new one
    return lines


def _undecodable(data: bytes, offset: int, encoding: str, reason: str = _NEITHER_ENCODING) -> RegulationParseError:
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = len(_LINE_BREAK_BYTES.findall(data, 0, line_start)) + 1
    before = data[line_start:offset].decode(encoding, errors="replace").lstrip("\ufeff").strip()[-12:]
    where = f"（“{before}”之后）" if before else ""
    return RegulationParseError(
        f"第{line}行{where}有无法识别的字符（文件第 {offset + 1} 个字节）：{reason}。"
        "请用记事本等工具另存为 UTF-8 编码后重新上传",
        lines=[line],
    )
