"""Parse the text of a Party regulation (党内法规) into parts, chapters, sections and articles.

Pure Python with no database access: the importer decodes and parses an upload here, shows
any problems (in Chinese, with line numbers) and only then stores the result.
"""

import re
from dataclasses import dataclass, field

from regulations.decoding import MAX_SOURCE_BYTES, RegulationParseError, decode_source
from regulations.numerals import from_chinese, to_chinese

__all__ = [
    "MAX_SOURCE_BYTES",
    "ChapterHeading",
    "ParsedArticle",
    "ParsedRegulation",
    "PartHeading",
    "RegulationParseError",
    "SectionHeading",
    "decode_source",
    "parse_lines",
    "parse_source",
    "render_text",
    "to_json",
]

_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
# An article starts only at a line that begins with 第X条 followed by whitespace (plain or U+3000)
# or the end of the line. Without that space the line is prose opening with a reference, such as
# "第十二条规定的问题清单……" or "第十二条、第十三条……", and stays in the current article.
# Real texts always put a space, usually U+3000, after the article heading.
_ARTICLE = re.compile(rf"第({_NUMERAL})条(?:\s+(.*))?")
_UNSPACED_ARTICLE = re.compile(rf"第({_NUMERAL})条(?=\S)")
_INSERTED_ARTICLE = re.compile(rf"第{_NUMERAL}条之{_NUMERAL}(?:\s|$)")
# Part (编), chapter (章) and section (节) headings fill their line with a short title and no
# sentence punctuation, so prose such as "第三章规定的……。" is not taken for a heading.
_DIVISION = re.compile(rf"第({_NUMERAL})([编章节])(.*)")
_SENTENCE_PUNCTUATION = re.compile(r"[。，；：！？,;:!?]")
MAX_HEADING_TITLE_CHARS = 30
_WHITESPACE = re.compile(r"\s+")
_OPENING, _CLOSING = "（(", "）)"
# An adoption note may wrap onto a second or third line; a longer bracket is prose.
_MAX_PREAMBLE_NOTE_LINES = 3
_MAX_LISTED_PROBLEMS = 30
_HEADING_SPACE = "\u3000"


@dataclass
class SectionHeading:
    number: str  # "第一节"
    title: str
    line: int = field(default=0, compare=False)  # equal structures may come from different sources


@dataclass
class ChapterHeading:
    number: str  # "第一章"
    title: str
    line: int = field(default=0, compare=False)
    part: str | None = None
    sections: list[SectionHeading] = field(default_factory=list)


@dataclass
class PartHeading:
    number: str  # "第一编"
    title: str
    line: int = field(default=0, compare=False)


@dataclass
class ParsedArticle:
    ordinal: int  # 1-based position in the regulation
    number: int  # 12
    label: str  # "第十二条"
    part: str | None
    chapter: str | None
    section: str | None
    paragraphs: list[str]  # without the 第X条 heading itself
    line: int = field(default=0, compare=False)


@dataclass
class ParsedRegulation:
    title: str
    preamble: list[str] = field(default_factory=list)  # bracketed notes under the title
    preface: list[str] = field(default_factory=list)  # other text before the first heading
    parts: list[PartHeading] = field(default_factory=list)
    chapters: list[ChapterHeading] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass(frozen=True)
class _Heading:
    kind: str  # 编, 章, 节 or 条
    numeral: str
    rest: str  # the title, or for an article the text after the heading


def _heading(text: str) -> _Heading | None:
    """Classify one stripped, non-empty line."""
    if match := _ARTICLE.fullmatch(text):
        return _Heading("条", match[1], (match[2] or "").strip())
    if match := _DIVISION.fullmatch(text):
        title = _WHITESPACE.sub("", match[3])  # "总　　则" is spaced out for looks only
        if len(title) <= MAX_HEADING_TITLE_CHARS and not _SENTENCE_PUNCTUATION.search(title):
            return _Heading(match[2], match[1], title)
    return None


def _label(number: int, unit: str) -> str:
    return f"第{to_chinese(number)}{unit}" if number <= 9999 else f"第{number}{unit}"


class _Numbering:
    """One run of heading numbers: the articles, the chapters of a part, the sections of a chapter."""

    def __init__(self, unit: str, noun: str):
        self.unit, self.noun = unit, noun
        self.previous: int | None = None  # within the current part or chapter
        self.last: int | None = None  # across them
        self.seen: dict[int, int] = {}  # number -> line

    def restart(self) -> None:
        # Chapters may restart at 一 in each part (as in 民法典) or run on (as in 纪律处分条例).
        self.previous, self.seen = None, {}

    def expected(self) -> int:
        return 1 if self.previous is None else self.previous + 1

    def check(self, number: int, line: int, *, allow_gaps: bool) -> str | None:
        label = _label(number, self.unit)
        problem = None
        if number in self.seen:
            # Repeats are refused even when gaps are allowed: articles are stored and linked by number.
            problem = f"{self.noun}重复：{label}（第{self.seen[number]}行已有{label}）"
        elif allow_gaps:
            pass
        elif self.previous is None:
            if number != 1 and (self.last is None or number != self.last + 1):
                also = f"（或接续为{_label(self.last + 1, self.unit)}）" if self.last else ""
                problem = f"{self.noun}跳号，应从{_label(1, self.unit)}开始{also}，实际为{label}"
        elif number != self.previous + 1:
            kind = "跳号" if number > self.previous else "顺序错误"
            expected = _label(self.previous + 1, self.unit)
            problem = f"{self.noun}{kind}，{_label(self.previous, self.unit)}之后应为{expected}，实际为{label}"
        self.seen.setdefault(number, line)
        self.previous = self.last = number
        return f"第{line}行：{problem}" if problem else None


class _BodyParser:
    """Walks the lines after the title and preamble, tracking the enclosing headings."""

    def __init__(self, *, allow_gaps: bool):
        self.allow_gaps = allow_gaps
        self.preface: list[str] = []
        self.parts: list[PartHeading] = []
        self.chapters: list[ChapterHeading] = []
        self.articles: list[ParsedArticle] = []
        self.problems: list[tuple[int, str]] = []
        self.part: PartHeading | None = None
        self.chapter: ChapterHeading | None = None
        self.section: SectionHeading | None = None
        self.article: ParsedArticle | None = None
        self.last_heading: str | None = None  # "第二章　总则", to say where stray text is
        self.unspaced: dict[int, int] = {}  # article number -> first line starting "第X条" with no space
        self.numbering = {
            "编": _Numbering("编", "编序号"),
            "章": _Numbering("章", "章序号"),
            "节": _Numbering("节", "节序号"),
            "条": _Numbering("条", "条文序号"),
        }

    def problem(self, line: int, message: str) -> None:
        self.problems.append((line, message))

    def feed(self, line: int, text: str) -> None:
        heading = _heading(text)
        if heading is None:
            self.text(line, text)
            return
        try:
            number = from_chinese(heading.numeral)
        except ValueError:
            self.problem(line, f"第{line}行：无法识别的编号“第{heading.numeral}{heading.kind}”")
            return
        label = _label(number, heading.kind)
        if heading.kind == "节" and self.chapter is None:
            self.problem(line, f"第{line}行：{label}前面没有“第X章”标题，节只能位于章内")
            return
        numbering = self.numbering[heading.kind]
        expected = numbering.expected()
        if problem := numbering.check(number, line, allow_gaps=self.allow_gaps):
            if heading.kind == "条" and number > expected and expected in self.unspaced:
                problem += (
                    f"（第{self.unspaced[expected]}行以“{_label(expected, '条')}”开头，但条号后没有空格，"
                    "因此被当作正文；如果它是条文，请在条号后加空格）"
                )
            self.problem(line, problem)
        self.article = None  # any heading ends the current article
        if heading.kind == "条":
            self.article = ParsedArticle(
                ordinal=len(self.articles) + 1,
                number=number,
                label=label,
                part=self.part.number if self.part else None,
                chapter=self.chapter.number if self.chapter else None,
                section=self.section.number if self.section else None,
                paragraphs=[heading.rest] if heading.rest else [],
                line=line,
            )
            self.articles.append(self.article)
            return
        self.last_heading = _heading_line(label, heading.rest)
        if heading.kind == "编":
            self.part = PartHeading(label, heading.rest, line)
            self.parts.append(self.part)
            self.chapter = self.section = None
            self.numbering["章"].restart()
        elif heading.kind == "章":
            self.chapter = ChapterHeading(label, heading.rest, line, self.part.number if self.part else None)
            self.chapters.append(self.chapter)
            self.section = None
            self.numbering["节"].restart()
        else:
            self.section = SectionHeading(label, heading.rest, line)
            self.chapter.sections.append(self.section)

    def text(self, line: int, text: str) -> None:
        if _INSERTED_ARTICLE.match(text):
            self.problem(line, f"第{line}行：暂不支持“第X条之一”形式的条文编号：{text[:20]}")
            return
        if match := _UNSPACED_ARTICLE.match(text):
            try:
                self.unspaced.setdefault(from_chinese(match[1]), line)
            except ValueError:
                pass
        if self.article is not None:
            self.article.paragraphs.append(text)
        elif self.last_heading is None:
            self.preface.append(text)
        else:
            self.problem(line, f"第{line}行：这段文字位于“{self.last_heading}”之后、下一条之前，不属于任何条文")

    def finish(self, *, title: str, preamble: list[str]) -> ParsedRegulation:
        if not self.articles:
            message = "未找到任何条文（“第一条　……”格式的行）。每一条应另起一行，以“第X条”开头，条号后留一个空格。"
            unspaced = sorted(self.unspaced.values())
            if unspaced:
                shown = "、".join(f"第{line}行" for line in unspaced[:5])
                message += f"{shown}以“第X条”开头，但条号后没有空格，因此被当作正文。"
            raise RegulationParseError(message, lines=unspaced)
        for article in self.articles:
            if not article.paragraphs:
                self.problem(article.line, f"第{article.line}行：{article.label}没有内容")
        if self.problems:
            self.problems.sort(key=lambda problem: problem[0])
            messages = [message for _, message in self.problems[:_MAX_LISTED_PROBLEMS]]
            if len(self.problems) > _MAX_LISTED_PROBLEMS:
                messages.append(f"……另有 {len(self.problems) - _MAX_LISTED_PROBLEMS} 处问题未列出")
            raise RegulationParseError("\n".join(messages), lines=[line for line, _ in self.problems])
        return ParsedRegulation(title, preamble, self.preface, self.parts, self.chapters, self.articles)


def _squash(text: str) -> str:
    return _WHITESPACE.sub("", text)


def _bracket_end(text: str) -> int | None:
    """Index of the bracket that closes the one opening `text`, or None if it stays open."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth -= 1
            if depth == 0:
                return index
    return None


def _take_preamble(entries: list[tuple[int, str]], position: int) -> tuple[list[str], int]:
    """Consume the bracketed notes right after the title, e.g. （2017年7月14日中共中央发布）."""
    preamble: list[str] = []
    while position < len(entries) and entries[position][1][0] in _OPENING:
        group = [entries[position][1]]
        while (end := _bracket_end("".join(group))) is None:
            following = position + len(group)
            if len(group) == _MAX_PREAMBLE_NOTE_LINES or following == len(entries) or _heading(entries[following][1]):
                return preamble, position
            group.append(entries[following][1])
        if end != len("".join(group)) - 1:  # "（一）加强……" opens with a bracket but is not wrapped in one
            break
        preamble.extend(group)
        position += len(group)
    return preamble, position


def parse_lines(lines: list[str], *, title: str | None = None, allow_numbering_gaps: bool = False) -> ParsedRegulation:
    """Parse decoded lines; raises RegulationParseError listing every problem with its line number.

    `allow_numbering_gaps` accepts skipped or out-of-order heading numbers, never repeated ones.
    """
    entries = [(number, text) for number, line in enumerate(lines, start=1) if (text := line.strip())]
    position = 0
    if title is not None:
        title = title.strip()
        if entries and _squash(entries[0][1]) == _squash(title):
            position = 1
    elif entries and _heading(entries[0][1]) is None and entries[0][1][0] not in _OPENING:
        title, position = entries[0][1], 1
    else:
        title = ""
    preamble, position = _take_preamble(entries, position)
    parser = _BodyParser(allow_gaps=allow_numbering_gaps)
    for line, text in entries[position:]:
        parser.feed(line, text)
    return parser.finish(title=title, preamble=preamble)


def parse_source(
    data: bytes, *, filename: str, title: str | None = None, allow_numbering_gaps: bool = False
) -> ParsedRegulation:
    """Decode an uploaded .txt or .docx file and parse it (for a .docx, a "line" is a paragraph)."""
    lines = decode_source(data, filename=filename)
    return parse_lines(lines, title=title, allow_numbering_gaps=allow_numbering_gaps)


def to_json(parsed: ParsedRegulation) -> dict:
    return {
        "title": parsed.title,
        "preamble": list(parsed.preamble),
        "preface": list(parsed.preface),
        "parts": [{"number": part.number, "title": part.title} for part in parsed.parts],
        "chapters": [
            {
                "number": chapter.number,
                "title": chapter.title,
                "part": chapter.part,
                "sections": [{"number": section.number, "title": section.title} for section in chapter.sections],
            }
            for chapter in parsed.chapters
        ],
        "articles": [
            {
                "ordinal": article.ordinal,
                "number": article.label,
                "chapter": article.chapter,
                "section": article.section,
                "part": article.part,
                "paragraphs": list(article.paragraphs),
            }
            for article in parsed.articles
        ],
    }


def _heading_line(number: str, title: str) -> str:
    return f"{number}{_HEADING_SPACE}{title}" if title else number


def render_text(parsed: ParsedRegulation) -> str:
    """Write the regulation back as text that parse_lines reads into an equal structure."""
    headings: list[str] = []
    slots: dict[tuple[str | None, str | None, str | None], int] = {}

    def add(key: tuple[str | None, str | None, str | None], number: str, title: str) -> None:
        slots[key] = len(headings)
        headings.append(_heading_line(number, title))

    def add_chapter(chapter: ChapterHeading) -> None:
        add((chapter.part, chapter.number, None), chapter.number, chapter.title)
        for section in chapter.sections:
            add((chapter.part, chapter.number, section.number), section.number, section.title)

    # Chapters outside any part can only come before the first part: a part lasts to the end.
    for chapter in parsed.chapters:
        if chapter.part is None:
            add_chapter(chapter)
    for part in parsed.parts:
        add((part.number, None, None), part.number, part.title)
        for chapter in parsed.chapters:
            if chapter.part == part.number:
                add_chapter(chapter)

    # An article goes right after its innermost heading (slot -1: before every heading).
    by_slot: dict[int, list[ParsedArticle]] = {}
    for article in parsed.articles:
        key = (article.part, article.chapter, article.section)
        if key != (None, None, None) and key not in slots:
            raise ValueError(f"{article.label} refers to a heading that does not exist: {key}")
        by_slot.setdefault(slots.get(key, -1), []).append(article)

    lines = [parsed.title] if parsed.title else []
    lines += parsed.preamble + parsed.preface
    for slot in range(-1, len(headings)):
        if slot >= 0:
            lines.append(headings[slot])
        for article in by_slot.get(slot, []):
            first, *rest = article.paragraphs or [""]
            lines.append(f"{article.label}{_HEADING_SPACE}{first}" if first else article.label)
            lines.extend(rest)
    return "\n".join(lines) + "\n"
