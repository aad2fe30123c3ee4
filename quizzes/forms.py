"""Turn a taker's form post into the raw answer dict that scoring cleans. No rules here."""

from quizzes.models import QuestionKind


def raw_answer(kind: str, post) -> dict | None:
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return {"choices": post.getlist("choice")}
    if kind == QuestionKind.TRUE_FALSE:
        return {"value": post.get("value")}
    if kind == QuestionKind.FILL_BLANK:
        return {"blanks": post.getlist("blank")}
    if kind == QuestionKind.ESSAY:
        return {"text": post.get("text", "")}
    return None
