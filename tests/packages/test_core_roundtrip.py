"""Every kind of item, with its media and citations, arrives whole on the receiving site."""

import pytest
import wagtail_factories
from wagtail.images import get_image_model

from core.roles import EDITOR, REVIEWER
from courses.models import CourseIndexPage, LessonPage
from guides.models import InterviewGuidePage
from packages import exporting, importing
from packages.importing import Outcome
from packages.models import ImportedItem
from quizzes.models import Question, Quiz
from tests.citation_chain import revised_regulation
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    InterviewQuestionFactory,
    ProblemCategoryFactory,
    UserFactory,
    home_page,
)
from tests.packages.sending import RECEIVER, SENDER, Offices, be
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def _local(model, kind: str, source):
    return model.objects.get(pk=ImportedItem.objects.get(origin_key=f"{kind}:{source.pk}").object_id)


def test_a_question_bank_arrives_with_its_figure_choices_categories_and_articles():
    chain = revised_regulation()
    image = wagtail_factories.ImageFactory(title="示意图")
    image.get_file_hash()  # as the admin's upload records it
    image.file_size = image.file.size
    image.save()
    with image.open_file() as handle:
        original = handle.read()
    category = QuestionCategoryFactory(name="巡察程序")
    question = QuestionFactory(figure=image, categories=[category])
    question.articles.set([chain.old_article(3)])
    offices = Offices()

    offices.receive(offices.export([("question", question.pk)]))

    local = _local(Question, "question", question)
    assert local.pk != question.pk and local.stem == question.stem
    assert [(c.text, c.is_correct) for c in local.choices.all()] == [
        (c.text, c.is_correct) for c in question.choices.all()
    ]
    assert [c.name for c in local.categories.all()] == ["巡察程序"]
    assert list(local.articles.all()) == [chain.new_article(4)]  # 2023 第三条 is 2025 第四条 word for word
    assert local.withheld_from_draws, "an imported question waits for an editor before it is drawn"
    assert local.figure_id == image.pk, "the same picture is found by its checksum, not stored twice"
    assert get_image_model().objects.count() == 1
    with local.figure.open_file() as handle:
        assert handle.read() == original


def test_a_picture_the_receiver_does_not_have_arrives_as_a_file():
    image = wagtail_factories.ImageFactory(title="示意图")
    with image.open_file() as handle:
        original = handle.read()
    question = QuestionFactory(figure=image)
    offices = Offices()
    package = offices.export([("question", question.pk)])
    image.file.delete(save=False)
    image.delete()

    offices.receive(package)

    local = _local(Question, "question", question)
    assert local.figure.title == "示意图"
    with local.figure.open_file() as handle:
        assert handle.read() == original


def test_a_quiz_takes_its_questions_along_and_arrives_as_a_draft():
    first, second = QuestionFactory(), QuestionFactory()
    quiz = QuizFactory(questions=[first, second])
    offices = Offices()

    offices.receive(offices.export([("quiz", quiz.pk)]))

    local = _local(Quiz, "quiz", quiz)
    assert local.is_draft and local.slug != quiz.slug
    placed = [p.question for p in local.fixed_questions.order_by("sort_order")]
    assert placed == [_local(Question, "question", first), _local(Question, "question", second)]


def test_a_guide_arrives_with_its_questions_in_order():
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory())
    InterviewQuestionFactory(guide=guide, question="第一问", sort_order=0)
    InterviewQuestionFactory(guide=guide, question="第二问", sort_order=1)
    guide.save_revision().publish()
    offices = Offices()

    offices.receive(offices.export([("guide", guide.pk)]))

    local = _local(InterviewGuidePage, "guide", guide).get_latest_revision_as_object()
    assert [q.question for q in local.questions.all()] == ["第一问", "第二问"]
    assert local.topic == guide.topic


def test_a_lesson_quotes_the_article_in_force_here_and_links_the_case_it_came_with():
    chain = revised_regulation()
    case = CasePageFactory(parent=CaseIndexPageFactory(), categories=[ProblemCategoryFactory()])
    case.save_revision().publish()
    courses = home_page().add_child(instance=CourseIndexPage(title="课程", slug="courses"))
    lesson = courses.add_child(
        instance=LessonPage(
            title="示例课程",
            slug="lesson",
            body=[
                ("text", "<p>先读条文。</p>"),
                ("article", {"article": chain.old_article(2), "note": "注意时限"}),
                ("article", {"article": chain.old_article(4), "note": "已删除的条"}),
                ("reading", {"page": case}),
            ],
        )
    )
    lesson.save_revision().publish()
    offices = Offices()

    offices.receive(offices.export([("case", case.pk), ("lesson", lesson.pk)]))

    local = _local(LessonPage, "lesson", lesson).get_latest_revision_as_object()
    kinds = [block.block_type for block in local.body]
    assert kinds == ["text", "article", "reading"], "the block quoting a removed article is dropped"
    assert local.body[1].value["article"] == chain.new_article(3)
    assert local.body[2].value["page"].specific == _local(type(case), "case", case)
    notes = ImportedItem.objects.get(origin_key=f"lesson:{lesson.pk}").citation_notes
    assert sorted(note["outcome"] for note in notes) == ["changed", "missing"]


def test_a_hub_passes_an_item_on_under_its_origin():
    case = CasePageFactory(parent=CaseIndexPageFactory())
    case.save_revision().publish()
    offices = Offices()
    offices.receive(offices.export([("case", case.pk)]))  # the hub (RECEIVER) takes the county's case
    at_hub = _local(type(case), "case", case)
    at_hub.get_latest_revision().publish()
    hub_reviewer = UserFactory(role=REVIEWER)
    combined = exporting.create_export(user=UserFactory(role=EDITOR), title="全市共享", items=[("case", at_hub.pk)])
    data = bytes(exporting.approve_export(export=combined, reviewer=hub_reviewer).file)

    be(SENDER)  # the county that wrote it gets the combined package back
    upload = importing.upload_package(data=data, file_name="hub.zip", user=offices.importer)
    preview = importing.preview_import(upload=upload)

    assert [item.outcome for item in preview.items] == [Outcome.OWN]
    assert preview.items[0].local.pk == case.pk
    importing.apply_import(upload=upload, user=offices.importer, keep_local=set())
    assert type(case).objects.count() == 2, "no third copy"
    be(RECEIVER)


def test_a_track_takes_its_lessons_quizzes_and_questions_along_and_keeps_its_modules_in_order():
    from courses.models import ModuleLesson, Track
    from tests.rounds.factories import LessonPageFactory, ModuleFactory, TrackFactory

    track = TrackFactory(name="新任巡察干部培训")
    lesson = LessonPageFactory()
    lesson.save_revision().publish()
    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    first = ModuleFactory(track=track, title="第一步：学规矩", sort_order=0, quiz=quiz, min_sessions_attended=2)
    ModuleLesson.objects.create(module=first, lesson=lesson, sort_order=0)
    ModuleFactory(track=track, title="第二步：练定性", sort_order=1)
    offices = Offices()

    package = offices.export([("track", track.pk)])
    preview, _results = offices.receive(package)

    assert sorted(item.kind.key for item in preview.items) == ["lesson", "question", "quiz", "track"]
    local = _local(Track, "track", track)
    assert local.name == "新任巡察干部培训（示例甲县巡察办）", "our own track of that name is left alone"
    modules = list(local.modules.order_by("sort_order"))
    assert [m.title for m in modules] == ["第一步：学规矩", "第二步：练定性"]
    assert modules[0].quiz == _local(Quiz, "quiz", quiz) and modules[0].min_sessions_attended == 2
    assert [ml.lesson.pk for ml in modules[0].lessons.all()] == [_local(LessonPage, "lesson", lesson).pk]


def test_a_link_in_rich_text_follows_the_page_it_came_with_and_no_database_id_travels():
    index = CaseIndexPageFactory()
    other = CasePageFactory(parent=index)
    other.save_revision().publish()
    outside = CasePageFactory(parent=index)
    case = CasePageFactory(
        parent=index,
        characterisation_basis=(
            f'<p>参见<a id="{other.pk}" linktype="page">另一案例</a>'
            f'和<a id="{outside.pk}" linktype="page">本办案例</a>。</p>'
        ),
    )
    case.save_revision().publish()
    offices = Offices()

    package = offices.export([("case", other.pk), ("case", case.pk)])
    offices.receive(package)

    from packages.format import read_package

    carried = read_package(package).items[1]["data"]["characterisation_basis"]
    assert 'linktype="page" package-item="i1"' in carried and "id=" not in carried
    local = _local(type(case), "case", case).get_latest_revision_as_object()
    linked = _local(type(case), "case", other)
    assert f'<a id="{linked.pk}" linktype="page">另一案例</a>' in local.characterisation_basis
    assert "<a>本办案例</a>" in local.characterisation_basis
