"""Scoring of one answer, on the server only. Pure functions: no database access.

Responses are stored as small dicts:
single/multiple ``{"choices": [ids]}``, true/false ``{"value": bool}``,
fill-in-the-blank ``{"blanks": [text, ...]}``, essay ``{"text": text}``.

Partial credit (set per question):
- multiple choice: points × (right options ticked − wrong options ticked) / right options, never below 0,
  so ticking every option earns nothing;
- fill-in-the-blank: points × blanks right / blanks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from quizzes.models.bank import QuestionKind, Scoring

_VARIANT_SEPARATORS = re.compile(r"[|｜]")
_EDGE_PUNCTUATION = "。．.，,；;：:、！!？?\"'“”‘’「」《》（）()"
_BLANK_MARKER = re.compile(r"_{2,}|＿{2,}")
_CENT = Decimal("0.01")


def split_variants(accepted: str) -> list[str]:
    return [v.strip() for v in _VARIANT_SEPARATORS.split(accepted) if v.strip()]


def blank_count(stem: str) -> int:
    return len(_BLANK_MARKER.findall(stem))


def split_stem_at_blanks(stem: str) -> list[str]:
    """The text around the blanks, for showing an input where each blank is."""
    return _BLANK_MARKER.split(stem)


def normalise_blank(text: str) -> str:
    """Full-width and half-width forms, spaces, case and edge punctuation do not make an answer wrong."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(text.split()).casefold()
    return text.strip(_EDGE_PUNCTUATION)


@dataclass(frozen=True)
class AnswerKey:
    """What scoring needs to know about a question, loaded once per question."""

    kind: str
    points: int
    scoring: str
    choice_ids: frozenset[int] = frozenset()
    correct_choice_ids: frozenset[int] = frozenset()
    true_false: bool | None = None
    blanks: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def for_question(cls, question) -> AnswerKey:
        """Build from a Question whose choices and blanks are prefetched (or loaded here)."""
        choices = list(question.choices.all())
        return cls(
            kind=question.kind,
            points=question.points,
            scoring=question.scoring,
            choice_ids=frozenset(c.pk for c in choices),
            correct_choice_ids=frozenset(c.pk for c in choices if c.is_correct),
            true_false=question.true_false_answer,
            blanks=tuple(tuple(normalise_blank(v) for v in b.variants) for b in question.blanks.all()),
        )


def clean_response(key: AnswerKey, raw: dict | None) -> dict | None:
    """Keep only what can be an answer to this question; None when nothing was answered.

    Option ids that are not this question's (a tampered form) are dropped, never scored.
    """
    if not raw:
        return None
    if key.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        ids = []
        for value in raw.get("choices") or []:
            try:
                choice_id = int(value)
            except (TypeError, ValueError):
                continue
            if choice_id in key.choice_ids and choice_id not in ids:
                ids.append(choice_id)
        if key.kind == QuestionKind.SINGLE:
            ids = ids[:1]
        return {"choices": sorted(ids)} if ids else None
    if key.kind == QuestionKind.TRUE_FALSE:
        value = raw.get("value")
        if isinstance(value, str):
            value = {"true": True, "false": False}.get(value.lower())
        return {"value": value} if isinstance(value, bool) else None
    if key.kind == QuestionKind.FILL_BLANK:
        given = [str(v)[:200].strip() for v in (raw.get("blanks") or [])][: len(key.blanks)]
        given += [""] * (len(key.blanks) - len(given))
        return {"blanks": given} if any(given) else None
    if key.kind == QuestionKind.ESSAY:
        text = str(raw.get("text") or "").strip()[:10000]
        return {"text": text} if text else None
    return None


def _share(points: int, numerator: int, denominator: int) -> Decimal:
    if denominator <= 0:
        return Decimal(0)
    return (Decimal(points) * numerator / denominator).quantize(_CENT, rounding=ROUND_HALF_UP)


def score(key: AnswerKey, response: dict | None) -> tuple[Decimal, bool | None]:
    """Points awarded and whether the answer is right; (0, None) for an essay, which a marker decides."""
    if key.kind == QuestionKind.ESSAY:
        return Decimal(0), None
    if response is None:
        return Decimal(0), False
    full = Decimal(key.points).quantize(_CENT)
    if key.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = set(response.get("choices", []))
        right = len(chosen & key.correct_choice_ids)
        wrong = len(chosen - key.correct_choice_ids)
        exact = chosen == key.correct_choice_ids
        if exact:
            return full, True
        if key.kind == QuestionKind.MULTIPLE and key.scoring == Scoring.PARTIAL:
            return _share(key.points, max(0, right - wrong), len(key.correct_choice_ids)), False
        return Decimal(0), False
    if key.kind == QuestionKind.TRUE_FALSE:
        right = response.get("value") is key.true_false
        return (full if right else Decimal(0)), right
    if key.kind == QuestionKind.FILL_BLANK:
        given = [normalise_blank(v) for v in response.get("blanks", [])]
        hits = sum(1 for text, accepted in zip(given, key.blanks, strict=False) if text and text in accepted)
        if hits == len(key.blanks):
            return full, True
        if key.scoring == Scoring.PARTIAL:
            return _share(key.points, hits, len(key.blanks)), False
        return Decimal(0), False
    return Decimal(0), False
