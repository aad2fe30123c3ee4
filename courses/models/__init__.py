from courses.models.completion import CompletionRecord, ItemKind
from courses.models.lessons import CourseIndexPage, LessonPage
from courses.models.tracks import Module, ModuleLesson, Track

__all__ = ["CompletionRecord", "CourseIndexPage", "ItemKind", "LessonPage", "Module", "ModuleLesson", "Track"]
