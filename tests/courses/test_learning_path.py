"""A learning path that leads (issue 15): 我已学完 offers the next item, a locked lesson is locked on the
server with its reason, and the commitments due before 进驻 are reachable from the start."""

import datetime

import pytest
from django.urls import reverse

from courses import services
from courses.models import CompletionRecord, ItemKind
from tests.factories import client_for
from tests.rounds.factories import InspectionTeamFactory, ModuleFactory, TeamMemberFactory, TrackFactory, add_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(trainee):
    """条例与规程 (two lessons) → 个别谈话 (one lesson) → 纪律与回避 (the two commitments, due 3 days before)."""
    track = TrackFactory()
    first = ModuleFactory(track=track, title="条例与规程", sort_order=1)
    second = ModuleFactory(track=track, title="个别谈话", sort_order=2)
    last = ModuleFactory(
        track=track,
        title="纪律与回避",
        sort_order=3,
        requires_confidentiality=True,
        requires_recusal=True,
        due_days_before_start=3,
    )
    second.prerequisites.add(first)
    second.save()  # a ParentalManyToManyField is saved with its module
    last.prerequisites.add(second)
    last.save()
    lesson_a, lesson_b = add_lessons(first, 2)
    [lesson_c] = add_lessons(second)
    for lesson, summary in ((lesson_c, "个别谈话的提纲要点"),):
        lesson.summary = summary
        lesson.save_revision().publish()
    member = TeamMemberFactory(user=trainee, team=InspectionTeamFactory(round__track=track))
    return {"a": lesson_a, "b": lesson_b, "c": lesson_c, "round": member.team.round}


def studied(client, lesson):
    return client.post(reverse("courses:mark_done"), {"kind": ItemKind.LESSON, "item": lesson.pk, "next": lesson.url})


def completions(user, lesson) -> int:
    return CompletionRecord.objects.filter(user=user, kind=ItemKind.LESSON, item_id=lesson.pk).count()


def test_a_locked_lesson_shows_why_and_where_to_go_instead_of_its_text(trainee, path):
    response = client_for(trainee).get(path["c"].url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="lesson-locked"' in page and "本课尚未解锁" in page
    assert "请先完成《条例与规程》" in page
    assert f'href="{path["a"].url}"' in page  # the first thing to do in the module to finish first
    assert "个别谈话的提纲要点" not in page
    assert reverse("courses:mark_done") not in page


def test_studying_a_locked_lesson_is_refused_and_writes_nothing(trainee, path):
    client = client_for(trainee)
    response = studied(client, path["c"])
    assert response.status_code == 302 and response.url == path["c"].url
    assert completions(trainee, path["c"]) == 0
    page = client.get(response.url).content.decode()
    assert "请先完成《条例与规程》" in page
    with pytest.raises(services.LessonLocked):
        services.mark_studied(user=trainee, kind=ItemKind.LESSON, item_id=path["c"].pk)
    assert completions(trainee, path["c"]) == 0


def test_after_studying_one_button_leads_to_the_next_lesson(trainee, path):
    client = client_for(trainee)
    assert 'data-testid="next-item"' not in client.get(path["a"].url).content.decode()
    response = studied(client, path["a"])
    studied(client, path["a"])  # a double tap
    assert completions(trainee, path["a"]) == 1
    page = client.get(response.url).content.decode()  # post, redirect, get
    assert "已记录为学完" in page
    assert page.count('data-testid="next-item"') == 1
    assert f"下一课：《{path['b'].title}》" in page and f'href="{path["b"].url}"' in page


def test_finishing_a_module_opens_the_next_and_leads_there(trainee, path):
    client = client_for(trainee)
    studied(client, path["a"])
    page = client.get(studied(client, path["b"]).url).content.decode()
    assert f"下一课：《{path['c'].title}》" in page
    opened = client.get(path["c"].url).content.decode()
    assert "个别谈话的提纲要点" in opened and 'data-testid="lesson-locked"' not in opened
    page = client.get(studied(client, path["c"]).url).content.decode()
    assert completions(trainee, path["c"]) == 1
    assert "下一步：签署保密承诺" in page and reverse("declarations:confidentiality") in page


def test_the_last_item_leads_back_to_my_learning(trainee):
    track = TrackFactory()
    [lesson] = add_lessons(ModuleFactory(track=track))
    TeamMemberFactory(user=trainee, team=InspectionTeamFactory(round__track=track))
    client = client_for(trainee)
    page = client.get(studied(client, lesson).url).content.decode()
    assert page.count('data-testid="next-item"') == 1
    assert "返回我的学习" in page and f'href="{reverse("readiness:my_learning")}" data-testid="next-item"' in page


def test_commitments_come_first_on_my_learning_with_their_due_date(trainee, path):
    page = client_for(trainee).get(reverse("readiness:my_learning")).content.decode()
    block = page.index('data-testid="acknowledgements"')
    assert block < page.index("条例与规程")
    due = path["round"].starts_on - datetime.timedelta(days=3)
    commitments = page[block : page.index("条例与规程")]
    assert f'href="{reverse("declarations:confidentiality")}"' in commitments
    assert f'href="{reverse("declarations:recusal")}"' in commitments
    assert f"{due:%Y-%m-%d} 前完成" in commitments
    # A locked module's lessons are not offered as links.
    assert f'href="{path["c"].url}"' not in page


def test_commitments_can_be_signed_before_any_module_is_done(trainee, path):
    response = client_for(trainee).get(reverse("declarations:confidentiality"))
    assert response.status_code == 200
