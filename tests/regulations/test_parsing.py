"""The regulation text parser: decoding uploads, headings, numbering checks and the render round trip."""

import io
import re
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from regulations.numerals import from_chinese, to_chinese
from regulations.parsing import (
    MAX_SOURCE_BYTES,
    ChapterHeading,
    ParsedArticle,
    ParsedRegulation,
    PartHeading,
    RegulationParseError,
    SectionHeading,
    decode_source,
    parse_lines,
    parse_source,
    render_text,
    to_json,
)

SAMPLE = """中国共产党巡察工作条例
（2017年7月1日中共中央政治局会议审议批准　2017年7月14日中共中央发布）
第一章　总　　则
第一条　为了加强巡察工作，制定本条例。
第二条　巡察工作坚持以下原则：
（一）坚持党中央集中统一领导；
（二）坚持实事求是。
第二章　巡察准备
第三条　巡察组应当了解被巡察党组织的情况。
"""


def article_texts(parsed):
    return [(article.label, article.paragraphs) for article in parsed.articles]


def make_docx(paragraphs):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse_error(text, **kwargs):
    with pytest.raises(RegulationParseError) as excinfo:
        parse_lines(text.splitlines(), **kwargs)
    return excinfo.value


def decode_error(data, filename="条例.txt"):
    with pytest.raises(RegulationParseError) as excinfo:
        decode_source(data, filename=filename)
    return excinfo.value


# Numerals


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("一十五", 15),
        ("二十", 20),
        ("一百", 100),
        ("一百零五", 105),
        ("一百〇五", 105),
        ("一百一十", 110),
        ("二百", 200),
        ("两百", 200),
        ("一千零五", 1005),
        ("两千零一十", 2010),
    ],
)
def test_from_chinese(text, number):
    assert from_chinese(text) == number


@pytest.mark.parametrize("text", ["", "零", "十十", "一百零", "一百十", "一〇五", "二两", "一万", "12", "第一", "五a"])
def test_from_chinese_rejects_anything_else(text):
    with pytest.raises(ValueError):
        from_chinese(text)


def test_numerals_round_trip():
    for number in range(1, 10000):
        assert from_chinese(to_chinese(number)) == number


def test_three_hundred_articles_round_trip_through_their_headings():
    lines = ["试行条例"] + [f"第{to_chinese(n)}条　内容{n}。" for n in range(1, 301)]
    parsed = parse_lines(lines)
    assert [article.number for article in parsed.articles] == list(range(1, 301))
    assert [article.ordinal for article in parsed.articles] == list(range(1, 301))
    assert [article.paragraphs for article in parsed.articles] == [[f"内容{n}。"] for n in range(1, 301)]
    assert parsed.articles[104].label == "第一百零五条"
    assert parsed.articles[104].line == 106
    assert parsed.articles[299].label == "第三百条"


# Decoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_text_encodings_and_line_endings(encoding, newline):
    data = SAMPLE.replace("\n", newline).encode(encoding)
    assert decode_source(data, filename="条例.txt") == SAMPLE.splitlines()
    parsed = parse_source(data, filename="条例.txt")
    assert parsed.title == "中国共产党巡察工作条例"
    assert [article.label for article in parsed.articles] == ["第一条", "第二条", "第三条"]
    assert parsed.articles[1].paragraphs == [
        "巡察工作坚持以下原则：",
        "（一）坚持党中央集中统一领导；",
        "（二）坚持实事求是。",
    ]


def test_decoding_keeps_leading_and_blank_lines_but_drops_trailing_whitespace():
    data = "标题  \r\n\r\n　　第一条　内容。\u3000\t\r\n".encode()
    assert decode_source(data, filename="a.txt") == ["标题", "", "　　第一条　内容。"]


def test_gb18030_only_characters_are_decoded():
    text = "标题\n第一条　㐀内容€。\n"  # U+3400 and the euro sign are outside GBK
    assert decode_source(text.encode("gb18030"), filename="a.txt") == ["标题", "第一条　㐀内容€。"]


def test_docx_paragraphs_become_lines():
    data = make_docx(
        ["中国共产党巡察工作条例", "", "第一章　总　　则", "第一条　内容。", "第二条　其他。\n（一）第一项；"]
    )
    assert decode_source(data, filename="条例.docx") == [
        "中国共产党巡察工作条例",
        "",
        "第一章　总　　则",
        "第一条　内容。",
        "第二条　其他。",
        "（一）第一项；",
    ]
    # Recognised by its ZIP content even under another name.
    parsed = parse_source(data, filename="upload.bin")
    assert parsed.title == "中国共产党巡察工作条例"
    assert article_texts(parsed) == [("第一条", ["内容。"]), ("第二条", ["其他。", "（一）第一项；"])]
    assert parsed.articles[1].line == 5


def test_damaged_docx():
    data = make_docx(["标题", "第一条　内容。"])
    error = decode_error(data[: len(data) // 2], filename="条例.docx")
    assert error.message == "无法读取“条例.docx”：Word 文件已损坏或不是有效的 .docx 文件"
    assert "Word 文件已损坏或不是有效的 .docx 文件" in decode_error(b"plain text", filename="a.DOCX").message
    legacy = decode_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, filename="a.docx")
    assert "旧版 Word .doc" in legacy.message


def test_docx_that_inflates_too_far_is_refused(monkeypatch):
    monkeypatch.setattr("regulations.decoding.MAX_DOCX_UNCOMPRESSED_BYTES", 1000)
    assert "解压后过大" in decode_error(make_docx(["第一条　内容。"]), filename="a.docx").message


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "文件为空"),
        (b"", "a.docx", "文件为空"),
        (" \r\n\t\n\u3000\n".encode(), "a.txt", "文件为空"),
        (make_docx(["", "  "]), "a.docx", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", "不是文本文件"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a.pdf", "不是文本文件（PDF 文件）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "a.doc", "不是文本文件（旧版 Word .doc 文件"),
        ("第一条　内容\x00".encode(), "a.txt", "不是文本文件"),
    ],
)
def test_bad_files(data, filename, message):
    assert message in decode_error(data, filename=filename).message


def test_zip_that_is_not_a_word_file_is_not_text():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    assert "不是文本文件（压缩文件）" in decode_error(buffer.getvalue(), filename="a.zip").message


def test_undecodable_bytes_name_the_line():
    data = "标题\n第一条　内容。\n".encode() + b"\xe7\xac\xac\xff\xfe\x80\n"
    error = decode_error(data)
    assert error.message.startswith("第3行（“第”之后）有无法识别的字符（文件第 33 个字节）")
    assert "既不是 UTF-8 编码，也不是 GBK/GB18030 编码" in error.message
    assert error.lines == [3]


def test_undecodable_gbk_file_names_the_line():
    data = "标题\r\n第一条　内容。\r\n第二条　".encode("gbk") + b"\xff\xff\r\n"
    error = decode_error(data)
    assert error.message.startswith("第3行（“第二条”之后）有无法识别的字符")
    assert error.lines == [3]


def test_invalid_utf8_after_a_bom_is_reported_as_such():
    error = decode_error(b"\xef\xbb\xbf" + "第一条　".encode() + b"\xc3\x28")
    assert error.message.startswith("第1行（“第一条”之后）有无法识别的字符（文件第 16 个字节）")
    assert "文件标明为 UTF-8 编码，但此处不是有效的 UTF-8" in error.message


def test_too_large():
    error = decode_error(b"a" * (MAX_SOURCE_BYTES + 1))
    assert error.message == "文件过大（5.1 MB），不能超过 5 MB"
    assert decode_source(b"a" * MAX_SOURCE_BYTES, filename="a.txt") == ["a" * MAX_SOURCE_BYTES]


# Headings


def test_headings_with_odd_spacing():
    parsed = parse_lines(
        [
            "  第一编 总  则",
            "\u3000\u3000第一章\u3000总\u3000\u3000则",
            "\t第一节 一般 规定",
            "  第一条 内容一。",
            "第二条\u3000\u3000内容二。",
            "第三条",
            "\u3000\u3000内容三。",
            "第二章总则之后",
            "第四条\t内容四。",
        ],
        title="条例",
    )
    assert to_json(parsed)["parts"] == [{"number": "第一编", "title": "总则"}]
    assert [(c.number, c.title) for c in parsed.chapters] == [("第一章", "总则"), ("第二章", "总则之后")]
    assert parsed.chapters[0].sections == [SectionHeading("第一节", "一般规定")]
    assert article_texts(parsed) == [
        ("第一条", ["内容一。"]),
        ("第二条", ["内容二。"]),
        ("第三条", ["内容三。"]),
        ("第四条", ["内容四。"]),
    ]
    assert [article.line for article in parsed.articles] == [4, 5, 6, 9]
    assert [(c.line, c.part) for c in parsed.chapters] == [(2, "第一编"), (8, "第一编")]


def test_paragraphs_beginning_with_a_reference_stay_in_the_article():
    parsed = parse_lines(
        [
            "条例",
            "第一条　巡察组应当：",
            "第十二条规定的问题清单，应当及时移交。",
            "第十二条、第十三条所列情形除外。",
            "第三章规定的程序适用于本条。",
            "第二节的规定同样适用。",
            "第二条　其他。",
        ]
    )
    assert article_texts(parsed) == [
        (
            "第一条",
            [
                "巡察组应当：",
                "第十二条规定的问题清单，应当及时移交。",
                "第十二条、第十三条所列情形除外。",
                "第三章规定的程序适用于本条。",
                "第二节的规定同样适用。",
            ],
        ),
        ("第二条", ["其他。"]),
    ]
    assert parsed.chapters == []


def test_long_heading_like_line_is_text():
    title = "关于" * 16  # 32 characters: too long for a chapter title
    parsed = parse_lines(["条例", "第一条　内容。", f"第二章　{title}"])
    assert parsed.chapters == []
    assert parsed.articles[0].paragraphs == ["内容。", f"第二章　{title}"]


def test_chapter_heading_ends_the_article_and_sections_end_with_their_chapter():
    parsed = parse_lines(
        [
            "条例",
            "第一条　总则内容。",
            "第一章　巡察",
            "第一节　准备",
            "第二条　准备内容。",
            "第二节　实施",
            "第三条　实施内容。",
            "补充内容。",
            "第二章　整改",
            "第四条　整改内容。",
        ]
    )
    assert [(a.label, a.chapter, a.section) for a in parsed.articles] == [
        ("第一条", None, None),
        ("第二条", "第一章", "第一节"),
        ("第三条", "第一章", "第二节"),
        ("第四条", "第二章", None),
    ]
    assert parsed.articles[2].paragraphs == ["实施内容。", "补充内容。"]
    assert [section.number for section in parsed.chapters[0].sections] == ["第一节", "第二节"]
    assert parsed.chapters[1].sections == []


def test_parts_contain_chapters_which_may_restart_or_run_on():
    restart = parse_lines(
        ["条例", "第一编　总则", "第一章　一般规定", "第一条　甲。", "第二编　分则", "第一章　具体规定", "第二条　乙。"]
    )
    assert [(c.number, c.part) for c in restart.chapters] == [("第一章", "第一编"), ("第一章", "第二编")]
    assert [(a.part, a.chapter) for a in restart.articles] == [("第一编", "第一章"), ("第二编", "第一章")]
    run_on = parse_lines(
        ["条例", "第一编　总则", "第一章　一般规定", "第一条　甲。", "第二编　分则", "第二章　具体规定", "第二条　乙。"]
    )
    assert [(c.number, c.part) for c in run_on.chapters] == [("第一章", "第一编"), ("第二章", "第二编")]
    assert parse_lines(render_text(restart).splitlines()) == restart
    assert parse_lines(render_text(run_on).splitlines()) == run_on


# Title, preamble and preface


def test_title_preamble_and_preface():
    parsed = parse_lines(
        [
            "",
            "  中国共产党巡察工作条例",
            "（2017年7月1日中共中央政治局会议审议批准",
            "　2017年7月14日中共中央发布）",
            "(2024年修订)",
            "为了加强巡察工作，制定本条例。",
            "（一）这不是题注，而是序言。",
            "第一条　内容。",
        ]
    )
    assert parsed.title == "中国共产党巡察工作条例"
    assert parsed.preamble == [
        "（2017年7月1日中共中央政治局会议审议批准",
        "2017年7月14日中共中央发布）",
        "(2024年修订)",
    ]
    assert parsed.preface == ["为了加强巡察工作，制定本条例。", "（一）这不是题注，而是序言。"]


def test_given_title_consumes_an_equal_first_line():
    lines = ["中国共产党 巡察工作条例", "（2017年发布）", "第一条　内容。"]
    parsed = parse_lines(lines, title="中国共产党巡察工作条例")
    assert (parsed.title, parsed.preamble, parsed.preface) == ("中国共产党巡察工作条例", ["（2017年发布）"], [])


def test_given_title_different_from_the_first_line():
    parsed = parse_lines(["巡察工作条例（草案）", "第一条　内容。"], title="巡察工作条例")
    assert (parsed.title, parsed.preamble, parsed.preface) == ("巡察工作条例", [], ["巡察工作条例（草案）"])


def test_no_title_when_the_text_starts_with_a_heading_or_a_note():
    assert parse_lines(["第一章　总则", "第一条　内容。"]).title == ""
    parsed = parse_lines(["（2017年发布）", "第一条　内容。"])
    assert (parsed.title, parsed.preamble) == ("", ["（2017年发布）"])


def test_unclosed_bracket_is_preface():
    parsed = parse_lines(["条例", "（说明", "其一", "其二", "其三", "第一条　内容。"])
    assert (parsed.preamble, parsed.preface) == ([], ["（说明", "其一", "其二", "其三"])


# Problems


def test_skipped_and_repeated_article_numbers_are_listed_with_line_numbers():
    lines = ["条例"] + [f"第{to_chinese(n)}条　内容。" for n in range(1, 11)]
    lines += ["第十二条　内容。", "第十三条　内容。", "第十三条　内容。", "第十四条　内容。", "第八条　内容。"]
    error = parse_error("\n".join(lines))
    assert error.message == (
        "第12行：条文序号跳号，第十条之后应为第十一条，实际为第十二条\n"
        "第14行：条文序号重复：第十三条（第13行已有第十三条）\n"
        "第16行：条文序号重复：第八条（第9行已有第八条）"
    )
    assert error.lines == [12, 14, 16]


def test_numbering_must_start_at_one_and_not_go_back():
    error = parse_error("条例\n第三条　甲。\n第四条　乙。\n第二条　丙。")
    assert error.message == (
        "第2行：条文序号跳号，应从第一条开始，实际为第三条\n第4行：条文序号顺序错误，第四条之后应为第五条，实际为第二条"
    )


def test_allow_numbering_gaps_accepts_skips_but_not_repeats():
    text = "条例\n第一条　甲。\n第三条　乙。\n第二条　丙。\n第一章　总则\n第三章　附则\n第四条　丁。"
    parsed = parse_lines(text.splitlines(), allow_numbering_gaps=True)
    assert [article.number for article in parsed.articles] == [1, 3, 2, 4]
    assert [chapter.number for chapter in parsed.chapters] == ["第一章", "第三章"]
    error = parse_error("条例\n第一条　甲。\n第一条　乙。", allow_numbering_gaps=True)
    assert error.message == "第3行：条文序号重复：第一条（第2行已有第一条）"


def test_skip_hint_points_at_an_article_heading_missing_its_space():
    error = parse_error("条例\n第一条　甲。\n第二条乙。\n第三条　丙。")
    assert error.message == (
        "第4行：条文序号跳号，第一条之后应为第二条，实际为第三条"
        "（第3行以“第二条”开头，但条号后没有空格，因此被当作正文；如果它是条文，请在条号后加空格）"
    )


def test_chapter_numbering_within_a_part():
    error = parse_error(
        "条例\n第一编　总则\n第一章　甲\n第一条　甲。\n第三章　乙\n第二条　乙。\n第三章　丙\n第三条　丙。\n"
        "第二编　分则\n第五章　丁\n第四条　丁。"
    )
    assert error.message == (
        "第5行：章序号跳号，第一章之后应为第二章，实际为第三章\n"
        "第7行：章序号重复：第三章（第5行已有第三章）\n"
        "第10行：章序号跳号，应从第一章开始（或接续为第四章），实际为第五章"
    )
    assert error.lines == [5, 7, 10]


def test_section_and_part_numbering():
    error = parse_error("条例\n第二编　总则\n第一章　甲\n第二节　乙\n第一条　甲。")
    assert (
        error.message
        == "第2行：编序号跳号，应从第一编开始，实际为第二编\n第4行：节序号跳号，应从第一节开始，实际为第二节"
    )


def test_section_outside_a_chapter():
    error = parse_error("条例\n第一节　准备\n第一条　甲。")
    assert error.message == "第2行：第一节前面没有“第X章”标题，节只能位于章内"


def test_text_between_a_heading_and_the_first_article():
    error = parse_error("条例\n第一章　总　则\n本章规定一般原则。\n第一条　甲。")
    assert error.message == "第3行：这段文字位于“第一章　总则”之后、下一条之前，不属于任何条文"
    assert error.lines == [3]


def test_article_without_text_and_unreadable_numbers():
    error = parse_error("条例\n第一条\n第一章　总则\n第十十条　甲。\n第二条之一　乙。")
    assert error.message == (
        "第2行：第一条没有内容\n"
        "第4行：无法识别的编号“第十十条”\n"
        "第5行：暂不支持“第X条之一”形式的条文编号：第二条之一　乙。"
    )


def test_no_articles():
    error = parse_error("条例\n第一章　总则\n为了加强巡察工作。")
    assert error.message.startswith("未找到任何条文（“第一条　……”格式的行）")
    hinted = parse_error("条例\n第一条为了加强巡察工作。\n第二条巡察工作坚持原则。")
    assert "第2行、第3行以“第X条”开头，但条号后没有空格" in hinted.message
    assert hinted.lines == [2, 3]
    assert parse_error("").message.startswith("未找到任何条文")


def test_many_problems_are_capped():
    lines = ["条例"] + [f"第{to_chinese(n * 2)}条　内容。" for n in range(1, 41)]
    error = parse_error("\n".join(lines))
    assert error.message.count("\n") == 30
    assert error.message.endswith("……另有 10 处问题未列出")
    assert len(error.lines) == 40


# Output


def test_to_json_shape():
    parsed = parse_lines(
        [
            "条例",
            "（2020年发布）",
            "序言。",
            "第一条　总述。",
            "第一编　总则",
            "第一章　原则",
            "第一节　一般",
            "第二条　甲。",
            "（一）乙；",
        ]
    )
    assert to_json(parsed) == {
        "title": "条例",
        "preamble": ["（2020年发布）"],
        "preface": ["序言。"],
        "parts": [{"number": "第一编", "title": "总则"}],
        "chapters": [
            {"number": "第一章", "title": "原则", "part": "第一编", "sections": [{"number": "第一节", "title": "一般"}]}
        ],
        "articles": [
            {
                "ordinal": 1,
                "number": "第一条",
                "chapter": None,
                "section": None,
                "part": None,
                "paragraphs": ["总述。"],
            },
            {
                "ordinal": 2,
                "number": "第二条",
                "chapter": "第一章",
                "section": "第一节",
                "part": "第一编",
                "paragraphs": ["甲。", "（一）乙；"],
            },
        ],
    }


def test_render_text():
    parsed = parse_lines(SAMPLE.splitlines())
    assert render_text(parsed) == (
        "中国共产党巡察工作条例\n"
        "（2017年7月1日中共中央政治局会议审议批准　2017年7月14日中共中央发布）\n"
        "第一章　总则\n"
        "第一条　为了加强巡察工作，制定本条例。\n"
        "第二条　巡察工作坚持以下原则：\n"
        "（一）坚持党中央集中统一领导；\n"
        "（二）坚持实事求是。\n"
        "第二章　巡察准备\n"
        "第三条　巡察组应当了解被巡察党组织的情况。\n"
    )
    assert parse_lines(render_text(parsed).splitlines()) == parsed


# Round trip of random structures

HAN = "党组织巡察监督纪律干部群众问题整改责任制度工作领导政治思想作风建设落实情况报告"
# No 第 and no brackets, so generated text can never be read as a heading or a note.
words = st.text(alphabet=HAN, min_size=1, max_size=8)
numeral = st.integers(min_value=1, max_value=120).map(to_chinese)
paragraph = st.one_of(
    words.map(lambda text: text + "。"),
    st.tuples(numeral, words).map(lambda pair: f"（{pair[0]}）{pair[1]}；"),
    st.tuples(numeral, words).map(lambda pair: f"第{pair[0]}条规定的{pair[1]}。"),
    st.tuples(numeral, numeral, words).map(lambda t: f"第{t[0]}条、第{t[1]}条{t[2]}。"),
    st.tuples(numeral, words).map(lambda pair: f"第{pair[0]}章规定的{pair[1]}，依照执行。"),
)
article_shape = st.lists(paragraph, min_size=1, max_size=3)
articles_shape = st.lists(article_shape, max_size=2)
chapter_shape = st.tuples(
    st.text(alphabet=HAN, max_size=6), articles_shape, st.lists(st.tuples(words, articles_shape), max_size=2)
)
part_shape = st.tuples(words, articles_shape, st.lists(chapter_shape, max_size=2))


@st.composite
def regulations(draw):
    """A random regulation built from nested shapes, numbered the way a real text is."""
    parsed = ParsedRegulation(
        title=draw(words),
        preamble=[f"（{text}）" for text in draw(st.lists(words, max_size=2))],
        preface=[text + "。" for text in draw(st.lists(words, max_size=2))],
    )
    counters = {"chapter": 0}

    def add_articles(shapes, part, chapter, section):
        for paragraphs in shapes:
            ordinal = len(parsed.articles) + 1
            parsed.articles.append(
                ParsedArticle(ordinal, ordinal, f"第{to_chinese(ordinal)}条", part, chapter, section, paragraphs)
            )

    def add_chapter(shape, part):
        title, direct, sections = shape
        counters["chapter"] += 1
        chapter = ChapterHeading(f"第{to_chinese(counters['chapter'])}章", title, part=part)
        parsed.chapters.append(chapter)
        add_articles(direct, part, chapter.number, None)
        for index, (section_title, articles) in enumerate(sections, start=1):
            chapter.sections.append(SectionHeading(f"第{to_chinese(index)}节", section_title))
            add_articles(articles, part, chapter.number, chapter.sections[-1].number)

    add_articles(draw(articles_shape), None, None, None)
    if draw(st.booleans()):
        for index, (title, direct, chapters) in enumerate(draw(st.lists(part_shape, min_size=1, max_size=2)), 1):
            part = PartHeading(f"第{to_chinese(index)}编", title)
            parsed.parts.append(part)
            add_articles(direct, part.number, None, None)
            for shape in chapters:
                add_chapter(shape, part.number)
    else:
        for shape in draw(st.lists(chapter_shape, max_size=3)):
            add_chapter(shape, None)
    assume(parsed.articles)  # a text without articles is an error, tested above
    return parsed


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regulations())
def test_render_and_parse_round_trip(original):
    text = render_text(original)
    parsed = parse_lines(text.splitlines())
    assert parsed == original
    assert to_json(parsed) == to_json(original)
    heading_lines = [number for number, line in enumerate(text.splitlines(), 1) if re.match("第[^　]+条　", line)]
    assert [article.line for article in parsed.articles] == heading_lines
