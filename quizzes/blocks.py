"""A quiz placed inside a page: lessons (courses) and study-session agendas embed quizzes with this block."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from quizzes import selectors


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("quiz"))
    intro = blocks.TextBlock(label=_("introduction"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("quiz")
        template = "quizzes/blocks/quiz_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        quiz = value["quiz"]
        request = (parent_context or {}).get("request")
        user = getattr(request, "user", None)
        visible = quiz is not None and (not quiz.is_draft or (user is not None and selectors.can_edit_quizzes(user)))
        context["quiz"] = quiz if visible else None
        if visible:
            context["question_count"] = selectors.planned_question_count(quiz=quiz)
            if user is not None and user.is_authenticated:
                context["graded"] = selectors.graded_attempt(quiz=quiz, user=user)
        return context
