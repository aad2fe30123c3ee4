"""Article-by-article comparison of two editions of a regulation.

Pure Python (no models, no database) so it can be unit-tested and reused by
views, management commands or exports alike. The caller turns its own rows
into ``ArticleText`` and gets back a list of ``ArticleChange`` in the order a
reader walks the new edition.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

__all__ = [
    "ArticleChange",
    "ArticleText",
    "ChangeKind",
    "compare_editions",
    "inline_diff_html",
    "summarize",
]

# Below this ratio a character diff is mostly coincidental single-character
# matches; showing the whole old text deleted and the new text inserted reads
# better and is still a correct diff.
_MIN_INLINE_RATIO = 0.3

# Equal runs this short between two edits are usually coincidence (a shared
# 的 or 、) and chop a reworded phrase into confetti, so they are folded into
# the surrounding edit.
_MAX_ABSORBED_EQUAL = 1

# Full pairwise matching is kept while the unmatched articles are few (the
# normal case: a revision touches a minority of articles). Only when both
# sides are mostly unmatched, e.g. a wholesale rewrite, are candidates limited
# to a window of positions so the cost stays linear-ish. An article rewritten
# *and* moved further than the window then shows as removed + added, which is
# an acceptable reading of such a drastic change.
_FULL_SCAN_MAX_PAIRS = 20_000
_WINDOW = 40


@dataclass(frozen=True)
class ArticleText:
    number: int
    label: str
    text: str
    key: object = None


class ChangeKind(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    RENUMBERED = "renumbered"
    RENUMBERED_CHANGED = "renumbered_changed"
    ADDED = "added"
    REMOVED = "removed"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ChangeKind.UNCHANGED: "未改动",
    ChangeKind.CHANGED: "修改",
    ChangeKind.RENUMBERED: "条序调整",
    ChangeKind.RENUMBERED_CHANGED: "条序调整并修改",
    ChangeKind.ADDED: "新增",
    ChangeKind.REMOVED: "删除",
}


@dataclass(frozen=True)
class ArticleChange:
    kind: ChangeKind
    old: ArticleText | None
    new: ArticleText | None
    diff_html: str
    similarity: float

    @property
    def is_change(self) -> bool:
        """Worth listing among an edition's changes (anything but unchanged)."""
        return self.kind != ChangeKind.UNCHANGED

    @property
    def only_renumbered(self) -> bool:
        return self.kind == ChangeKind.RENUMBERED


def _normalize(text: str) -> str:
    # str.split() treats U+3000 (full-width indentation) as whitespace too, so
    # re-indented or re-wrapped paragraphs do not count as changes.
    return " ".join(text.split())


def inline_diff_html(old: str, new: str) -> str:
    """The new text with deletions as <del> and insertions as <ins>, escaped.

    Character-level, because Chinese has no spaces to split words on.
    """
    if old == new:
        return html.escape(new)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if old and new and matcher.ratio() < _MIN_INLINE_RATIO:
        return f"<del>{html.escape(old)}</del><ins>{html.escape(new)}</ins>"

    ops = matcher.get_opcodes()
    # Segments of [is_equal, old_part, new_part]; consecutive edits are merged
    # so a reworded phrase renders as one <del>…</del><ins>…</ins>.
    segments: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        old_part, new_part = old[i1:i2], new[j1:j2]
        is_equal = tag == "equal"
        if is_equal and 0 < index < len(ops) - 1 and len(old_part) <= _MAX_ABSORBED_EQUAL and "\n" not in old_part:
            # Opcodes alternate equal/non-equal, so an inner equal run sits
            # between two edits; "\n" is kept so paragraphs stay separate.
            is_equal = False
        if not is_equal and segments and not segments[-1][0]:
            segments[-1][1] += old_part
            segments[-1][2] += new_part
        else:
            segments.append([is_equal, old_part, new_part])

    out = []
    for is_equal, old_part, new_part in segments:
        if is_equal:
            out.append(html.escape(new_part))
            continue
        if old_part:
            out.append(f"<del>{html.escape(old_part)}</del>")
        if new_part:
            out.append(f"<ins>{html.escape(new_part)}</ins>")
    return "".join(out)


def _similar_pairs(
    old_norm: list[str | None], new_norm: list[str | None], threshold: float
) -> list[tuple[float, int, int]]:
    """Candidate (ratio, old index, new index) pairs with ratio >= threshold."""
    old_left = [i for i, text in enumerate(old_norm) if text is not None]
    new_left = [j for j, text in enumerate(new_norm) if text is not None]
    windowed = len(old_left) * len(new_left) > _FULL_SCAN_MAX_PAIRS
    # Character counts per article, for the quick_ratio() bound below.
    old_counts = {i: Counter(old_norm[i]) for i in old_left}
    matcher = SequenceMatcher(None, autojunk=False)
    pairs = []
    for j in new_left:
        b = new_norm[j]
        b_counts = Counter(b)
        # SequenceMatcher caches its analysis of seq2, so fix the new article
        # and vary the old one.
        matcher.set_seq2(b)
        for i in old_left:
            if windowed and abs(i - j) > _WINDOW:
                continue
            a = old_norm[i]
            total = len(a) + len(b)
            # Upper bounds before the costly ratio(): real_quick_ratio()
            # (lengths only), then quick_ratio() (shared characters). The
            # latter is computed from counts made once per article, because
            # calling quick_ratio() itself recounts for every pair and
            # dominated the run time.
            if not total or 2.0 * min(len(a), len(b)) / total < threshold:
                continue
            a_counts = old_counts[i]
            shared = sum([min(a_counts[ch], b_counts[ch]) for ch in a_counts.keys() & b_counts.keys()])
            if 2.0 * shared / total < threshold:
                continue
            matcher.set_seq1(a)
            ratio = matcher.ratio()
            if ratio >= threshold:
                pairs.append((ratio, i, j))
    return pairs


def compare_editions(
    old: Sequence[ArticleText], new: Sequence[ArticleText], *, threshold: float = 0.55
) -> list[ArticleChange]:
    """Pair the articles of two editions and classify each change.

    1. Identical text (after whitespace normalization), in order, any number.
    2. Then the most similar remaining pairs, greedily, ratio >= threshold.
    3. The rest are added (new) or removed (old).
    The result follows the new edition; each removed article comes right after
    the nearest preceding old article that survived, or first if none did.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    # None marks an article that is already paired.
    old_norm: list[str | None] = [_normalize(a.text) for a in old]
    new_norm: list[str | None] = [_normalize(a.text) for a in new]
    new_to_old: dict[int, tuple[int, float]] = {}
    identical: set[int] = set()  # new indices paired in step 1

    by_text: dict[str, deque[int]] = defaultdict(deque)
    for i, text in enumerate(old_norm):
        by_text[text].append(i)
    for j, text in enumerate(new_norm):
        waiting = by_text.get(text)
        if waiting:
            i = waiting.popleft()
            new_to_old[j] = (i, 1.0)
            identical.add(j)
            old_norm[i] = new_norm[j] = None

    # Best ratio first; ties go to the pair whose positions are closest, then
    # to document order so the outcome is deterministic.
    candidates = _similar_pairs(old_norm, new_norm, threshold)
    candidates.sort(key=lambda c: (-c[0], abs(c[1] - c[2]), c[1], c[2]))
    for ratio, i, j in candidates:
        if old_norm[i] is not None and new_norm[j] is not None:
            new_to_old[j] = (i, ratio)
            old_norm[i] = new_norm[j] = None

    old_to_new = {i: j for j, (i, _) in new_to_old.items()}
    removed_after: dict[int | None, list[ArticleChange]] = defaultdict(list)
    anchor: int | None = None  # nearest preceding surviving old article
    for i, article in enumerate(old):
        if i in old_to_new:
            anchor = i
        else:
            removed_after[anchor].append(
                ArticleChange(ChangeKind.REMOVED, article, None, html.escape(article.text), 0.0)
            )

    result = list(removed_after[None])
    for j, article in enumerate(new):
        if j not in new_to_old:
            result.append(ArticleChange(ChangeKind.ADDED, None, article, html.escape(article.text), 0.0))
            continue
        i, ratio = new_to_old[j]
        before = old[i]
        moved = before.number != article.number
        if j in identical:
            kind = ChangeKind.RENUMBERED if moved else ChangeKind.UNCHANGED
            diff = html.escape(article.text)
        else:
            kind = ChangeKind.RENUMBERED_CHANGED if moved else ChangeKind.CHANGED
            diff = inline_diff_html(before.text, article.text)
        result.append(ArticleChange(kind, before, article, diff, ratio))
        result.extend(removed_after.get(i, ()))
    return result


def summarize(changes: Sequence[ArticleChange]) -> dict[ChangeKind, int]:
    """Count per kind; every kind is present (possibly 0) so templates can index it."""
    counts = dict.fromkeys(ChangeKind, 0)
    for change in changes:
        counts[change.kind] += 1
    return counts
