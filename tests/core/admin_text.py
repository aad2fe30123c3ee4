"""What a person reads on an admin screen, and the Latin words in it that are not data.

Used by the crawl in test_admin_chinese_crawl.py. The visible text is every text node outside <script>,
<style> and <noscript> (Wagtail's admin needs JavaScript), HTML comments and <kbd> keys, <template> contents
included (the admin's scripts show them), plus the attributes a person sees or hears (title, placeholder,
aria-label, alt) and the labels the admin's JavaScript draws from the page's JSON (the sidebar menu,
wagtailConfig's STRINGS).
"""

import json
import re
import zoneinfo

from bs4 import BeautifulSoup, Comment, Doctype

SEEN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

#: Latin words that may stay: names of programs and file formats an editor picks files by, the units and
#: encodings printed next to them, and abbreviations a Chinese editor also writes in Latin. Nothing else: a
#: word of Wagtail's own UI (even "Wagtail") is translated, not allowed here.
ALLOWED_WORDS = frozenset(
    {
        # programs and abbreviations
        "excel",
        "word",
        "id",
        "url",
        "totp",
        "ok",
        # file formats, as the upload fields list them, and their size unit
        "pdf",
        "docx",
        "txt",
        "xlsx",
        "csv",
        "avif",
        "gif",
        "jpg",
        "jpeg",
        "png",
        "webp",
        "mb",
        # text encodings of an uploaded regulation ("UTF-8 或 GBK")
        "utf",
        "gbk",
    }
)

#: The time zone names of the account page's time zone list ("Asia/Shanghai", "UTC", "Japan"): data from the
#: tz database, not words of Wagtail's UI; allowed only as the whole text of an option of that list.
TIME_ZONE_NAMES = frozenset(zoneinfo.available_timezones())
TIME_ZONE_SELECT = re.compile(r"(^|-)current_time_zone$")

#: The page types report's column of model identifiers ("cases.casepage"): code names shown as such, next to
#: the type's Chinese name; allowed only as the whole text of that column's cells.
MODEL_IDENTIFIER = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_.@/-])[A-Za-z][A-Za-z']+(?![A-Za-z0-9_@/-]|://)")


def _json_labels(value, found: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"label", "title", "help_text"} and isinstance(item, str):
                found.append(item)
            else:
                _json_labels(item, found)
    elif isinstance(value, list):
        for item in value:
            _json_labels(item, found)


def _strings(value, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _strings(item, found)


def visible_text(html: str) -> list[str]:
    """Every piece of text a person may read on the page (hidden parts included: a script may show them)."""
    soup = BeautifulSoup(html, "html.parser")
    texts: list[str] = []
    for script in soup.find_all("script"):
        if script.get("id") == "wagtail-sidebar-props":
            _json_labels(json.loads(script.string or "{}"), texts)
        elif script.get("id") == "wagtail-config":
            _strings(json.loads(script.string or "{}").get("STRINGS", {}), texts)
    for tag in soup.find_all(["script", "style", "noscript"]):
        tag.decompose()
    for node in soup.find_all(string=lambda node: isinstance(node, (Comment, Doctype))):
        node.extract()
    for key in soup.find_all("kbd"):  # keys as printed on the keyboard: "Ctrl + Shift + v", "Esc"
        key.decompose()
    for cell in soup.find_all("td", class_="app-label"):
        if MODEL_IDENTIFIER.match(cell.get_text(strip=True)):
            cell.decompose()
    for select in soup.find_all("select", attrs={"name": TIME_ZONE_SELECT}):
        for option in select.find_all("option"):
            if option.get_text(strip=True) in TIME_ZONE_NAMES:
                option.decompose()
    for tag in soup.find_all(True):
        for attribute in SEEN_ATTRIBUTES:
            if tag.get(attribute):
                texts.append(str(tag[attribute]))
        if tag.name == "input" and tag.get("type") in {"submit", "button"} and tag.get("value"):
            texts.append(str(tag["value"]))
    texts.extend(str(node) for node in soup.find_all(string=True))
    return [text.strip() for text in texts if text.strip()]


def english_words(texts: list[str], *, data_words: frozenset[str]) -> set[str]:
    """The Latin words in the texts that are neither allowed nor part of the site's own data."""
    return {word for text in texts for word in _english_words_in(text, data_words)}


def english_texts(texts: list[str], *, data_words: frozenset[str]) -> set[str]:
    """The texts that hold such a word, whole (the sentence to translate, for the crawl's report)."""
    return {" ".join(text.split()) for text in texts if _english_words_in(text, data_words)}


def _english_words_in(text: str, data_words: frozenset[str]) -> list[str]:
    words = (word.strip("'") for word in LATIN_WORD.findall(PLACEHOLDER.sub(" ", text)))
    return [word for word in words if len(word) >= 2 and word.lower() not in ALLOWED_WORDS | data_words]
