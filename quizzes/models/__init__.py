from quizzes.models.attempts import Attempt, AttemptAnswer, AttemptStatus, CloseReason, MarkingStatus, MissedQuestion
from quizzes.models.bank import (
    CHOICE_KINDS,
    MANUALLY_MARKED,
    BlankAnswer,
    Choice,
    ChoiceOrder,
    Question,
    QuestionCategory,
    QuestionKind,
    Scoring,
)
from quizzes.models.imports import ImportState, QuestionImport
from quizzes.models.quiz import FeedbackMode, Grading, Quiz, QuizDraw, QuizQuestion

__all__ = [
    "CHOICE_KINDS",
    "MANUALLY_MARKED",
    "Attempt",
    "AttemptAnswer",
    "AttemptStatus",
    "BlankAnswer",
    "Choice",
    "ChoiceOrder",
    "CloseReason",
    "FeedbackMode",
    "Grading",
    "ImportState",
    "MarkingStatus",
    "MissedQuestion",
    "Question",
    "QuestionCategory",
    "QuestionImport",
    "QuestionKind",
    "Quiz",
    "QuizDraw",
    "QuizQuestion",
    "Scoring",
]
