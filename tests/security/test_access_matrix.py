"""The access matrix: every URL pattern in the resolver, front end and admin, requested as every role.

Arguments are filled with real ids from one fixture (a round with a team and its members, a quiz and an
attempt, an evening series and one evening, pages, a document and an image…). The table of who may get a
200 is ``tests/security/access_table.py`` (its docstring says how to add rows). The test fails when:

- a role gets a 200 where the table says it may not;
- anyone gets a 500, from a GET or from an empty POST;
- a URL pattern is in no rule of the table (so every new URL must be classified).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core import roles
from hours.models import Certificate
from scenarios.services import start_run
from studysessions.models import Audience
from studysessions.schedule.occurrences import local_zone
from tests.drills.factories import attempt as drill_answer
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    ProblemCategoryFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
)
from tests.interference.factories import ApproachReportFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_reports import make_attempt
from tests.report_writing.factories import (
    ModelReportPageFactory,
    ProblemEntryFactory,
    RecommendationFactory,
    ReportDraftFactory,
    ReportExercisePageFactory,
)
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, LessonPageFactory, TeamMemberFactory
from tests.scenarios.factories import ScenarioPageFactory
from tests.security.access_table import ROLES, allowed_roles
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening

pytestmark = pytest.mark.django_db

_CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def patterns() -> Iterator[tuple[str, str]]:
    """(name or route, route) of every pattern in the resolver, namespaces included, recursively."""

    def walk(resolver, prefix: str, namespace: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                yield (f"{namespace}{entry.name}" if entry.name else route), route

    yield from walk(get_resolver(), "", "")


def _package_export_and_upload(case) -> dict:
    """An approved package of the case (as another office), and an upload of it waiting for its preview."""
    import uuid

    from packages import exporting, importing
    from packages.models import OfficeIdentity

    case.save_revision().publish()
    OfficeIdentity.objects.create(name="示例甲县巡察办")
    preparer, reviewer = UserFactory(role=roles.EDITOR), UserFactory(role=roles.REVIEWER)
    export = exporting.create_export(user=preparer, title="示例内容包", items=[("case", case.pk)])
    export = exporting.approve_export(export=export, reviewer=reviewer)
    OfficeIdentity.objects.update(code=uuid.uuid4())
    upload = importing.upload_package(data=bytes(export.file), file_name="package.zip", user=preparer)
    return {"export": export, "upload": upload}


@pytest.fixture
def world():
    """One of everything a URL can name, and one person per role."""
    people = {role: UserFactory(username=f"matrix-{role}") for role in ROLES if role != "anonymous"}
    groups = {
        "trainee": roles.TRAINEE,
        "trainee_no_round": roles.TRAINEE,
        "host": roles.TRAINEE,
        "editor": roles.EDITOR,
        "round_manager": roles.EDITOR,
        "reviewer": roles.REVIEWER,
        "administrator": roles.ADMINISTRATOR,
        "system_administrator": roles.SYSTEM_ADMINISTRATOR,
        "security_administrator": roles.SECURITY_ADMINISTRATOR,
        "auditor": roles.AUDITOR,
    }
    for role, group in groups.items():
        people[role].groups.add(Group.objects.get(name=group))

    inspection_round = InspectionRoundFactory()
    inspection_round.managers.add(people["round_manager"])
    inspection_round.save()
    team = InspectionTeamFactory(round=inspection_round)
    TeamMemberFactory(team=team, user=people["trainee"])

    question = QuestionFactory()
    quiz = QuizFactory(questions=[question])
    attempt = make_attempt(quiz, people["trainee"], credits=[(question, 1)])

    series = StudySeriesFactory(audience=Audience.TEAM, team=team, host=people["host"])
    slot = datetime.datetime.combine(FIRST_TUESDAY, series.start_time, tzinfo=local_zone())
    session = evening(series, slot)

    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    case = CasePageFactory(parent=CaseIndexPageFactory())
    # The practice features' records of the trainee: a 定性 answer and a scenario run.
    drill_attempt = drill_answer(user=people["trainee"], case=case, category=ProblemCategoryFactory())
    scenario_run = start_run(scenario=ScenarioPageFactory(), user=people["trainee"])
    # A report draft the trainee handed in on an exercise, with a problem and a recommendation; and a 范文.
    exercise = ReportExercisePageFactory()
    draft = ReportDraftFactory(
        writer=people["trainee"], exercise=exercise, status="submitted", submitted_at=timezone.now()
    )
    problem = ProblemEntryFactory(draft=draft)
    recommendation = RecommendationFactory(draft=draft, problems=[problem])
    model_report = ModelReportPageFactory()
    # An approach the trainee put on the round's 打招呼/说情 register.
    approach = ApproachReportFactory(round=inspection_round, reporter=people["trainee"])
    # The trainee's 结业证明 (made directly: tests/hours covers when one may be issued).
    certificate = Certificate.objects.create(
        user=people["trainee"],
        inspection_round=inspection_round,
        holder_name="示例学员",
        round_name=inspection_round.name,
        track_name="示例路径",
        minutes=90,
        issued_on=timezone.localdate(),
        code="ACCESS01",
    )
    guide = InterviewGuidePageFactory(parent=GuideIndexPageFactory())
    lesson = LessonPageFactory()
    document = wagtail_factories.DocumentFactory()
    image = wagtail_factories.ImageFactory()
    return {
        "people": people,
        "round": inspection_round,
        "team": team,
        "quiz": quiz,
        "question": question,
        "attempt": attempt,
        "series": series,
        "session": session,
        "key": f"{series.pk}-{int(session.slot_start.timestamp())}",
        "pages": {"regulation": regulation, "case": case, "guide": guide},
        "drill_attempt": drill_attempt,
        "scenario_run": scenario_run,
        "report": {"draft": draft, "problem": problem, "recommendation": recommendation},
        "exercise": exercise,
        "model_report": model_report,
        "approach": approach,
        "certificate": certificate,
        "package": _package_export_and_upload(case),
        "lesson": lesson,
        "document": document,
        "image": image,
    }


def _snippet_object(world, name: str):
    """The fixture's object of the snippet a ``wagtailsnippets_<app>_<model>:`` name is about, if any."""
    by_model = {
        "rounds_inspectionround": world["round"],
        "rounds_inspectionteam": world["team"],
        "quizzes_quiz": world["quiz"],
        "quizzes_question": world["question"],
        "studysessions_studyseries": world["series"],
        "studysessions_studysession": world["session"],
    }
    for model, obj in by_model.items():
        if f"_{model}:" in name:
            return obj
    return None


def arguments(world, name: str, route: str) -> dict:
    """Real ids for the pattern's converters: by URL name first, then by argument name."""
    pk_by_name = {
        "readiness:dashboard": world["round"].pk,
        "readiness:export": world["round"].pk,
        "quizzes:attempt": world["attempt"].pk,
        "quizzes:question": world["attempt"].pk,
        "quizzes:submit": world["attempt"].pk,
        "quizzes:result": world["attempt"].pk,
        "quizzes_report": world["quiz"].pk,
        "quizzes_export_results": world["quiz"].pk,
        "quizzes_mark_attempt": world["attempt"].pk,
        "studysessions_admin_series_evenings": world["series"].pk,
        "drills:result": world["drill_attempt"].pk,
        "drills:round": world["round"].pk,
        "drills_mark_sentence": world["drill_attempt"].pk,
        "scenarios:run": world["scenario_run"].pk,
        "scenarios:choose": world["scenario_run"].pk,
        "report_writing_mark_draft": world["report"]["draft"].pk,
        "interference:report": world["approach"].pk,
        "interference:acknowledge": world["approach"].pk,
        "hours:certificate": world["certificate"].pk,
        "reminders:round": world["round"].pk,
        "packages:export_detail": world["package"]["export"].pk,
        "packages:export_download": world["package"]["export"].pk,
        "packages:export_clear": world["package"]["export"].pk,
        "packages:export_approve": world["package"]["export"].pk,
        "packages:export_delete": world["package"]["export"].pk,
        "packages:import_detail": world["package"]["upload"].pk,
        "packages:import_confirm": world["package"]["upload"].pk,
    }
    snippet = _snippet_object(world, name)
    page = world["pages"]["case"]
    values = {}
    for match in _CONVERTER.finditer(route):
        arg, converter = match["name"], match["converter"] or "str"
        if arg == "pk":
            if name in pk_by_name:
                value = pk_by_name[name]
            elif name.startswith("report_writing:"):
                value = world["report"]["draft"].pk
            elif snippet is not None:
                value = snippet.pk
            elif name.startswith("wagtailimages"):
                value = world["image"].pk
            elif name.startswith("wagtaildocs"):
                value = world["document"].pk
            elif name.startswith("wagtailusers_users"):
                value = world["people"]["trainee"].pk
            elif name.startswith("wagtailusers_groups"):
                value = Group.objects.get(name=roles.EDITOR).pk
            elif name.startswith("wagtailadmin_pages") or name.startswith("wagtailadmin_explore"):
                value = page.pk
            else:
                value = 1
        elif arg in ("key",):
            value = world["key"]
        elif arg in ("slug",):
            value = world["quiz"].slug
        elif arg == "problem_pk":
            value = world["report"]["problem"].pk
        elif arg == "rec_pk":
            value = world["report"]["recommendation"].pk
        elif arg == "page_pk":
            value = (world["model_report"] if name.endswith("model_report_docx") else world["exercise"]).pk
        elif arg == "lesson_pk":
            value = world["lesson"].pk
        elif arg == "member_id":
            value = 999_999  # no such member: an empty POST must not re-issue the trainee's password
        elif arg in ("round_pk", "round_id"):
            value = world["round"].pk
        elif arg in ("team_pk",):
            value = world["team"].pk
        elif arg in ("case_id",):
            value = world["pages"]["case"].pk
        elif arg in ("question_pk",):
            value = world["question"].pk
        elif arg in ("position",):
            value = 1
        elif arg in ("user_id",):
            value = world["people"]["trainee"].pk
        elif arg in ("page_id", "parent_page_id", "parent_id", "page_to_move_id"):
            value = page.pk
        elif arg in ("image_id",):
            value = world["image"].pk
        elif arg in ("document_id",):
            value = world["document"].pk
        elif arg == "token":
            value = "0" * 32
        elif arg == "content_type_app_name":
            value = "cases"
        elif arg == "content_type_model_name":
            value = "casepage"
        elif arg == "app_label":
            value = "rounds"
        elif arg == "model_name":
            value = "inspectionround"
        elif converter == "int" or arg.endswith("_id"):
            value = 1
        elif converter == "path":
            value = "x/y"
        elif converter == "uuid":
            value = "00000000-0000-0000-0000-000000000000"
        else:
            value = "x"
        values[arg] = value
    return values


def url_for(world, name: str, route: str) -> str | None:
    """The URL to request; None for patterns that cannot be reversed with arguments (regex-only routes)."""
    explicit = {
        "protected_media": f"/media/{world['document'].file.name}",
        "wagtail_serve": "/",
        "admin/test404/": "/admin/test404/",
        "admin/^.*/$": "/admin/no-such-admin-page/",
    }
    positional = {  # regex routes with unnamed groups
        "wagtailadmin_pages:revisions_compare": [world["pages"]["case"].pk, "earliest", "latest"],
        "wagtaildocs_serve": [world["document"].pk, world["document"].filename],
    }
    if name in positional:
        return reverse(name, args=positional[name])
    if name in explicit:
        return explicit[name]
    if name == route:
        return None
    try:
        return reverse(name, kwargs=arguments(world, name, route))
    except NoReverseMatch:
        try:
            return reverse(name)
        except NoReverseMatch:
            return None


#: Wagtail's own page that raises on purpose, to show the admin's 500 page.
DELIBERATE_ERRORS = {"wagtailadmin_error_test"}


class _RoleClient:
    """A client that stays signed in as its person: a logout URL in the sweep must not turn the rest of the
    role's requests into an anonymous visitor's."""

    def __init__(self, person=None):
        self.person = person
        self.client = Client(raise_request_exception=False)
        self._login()

    def _login(self):
        if self.person is not None:
            self.client.force_login(self.person)

    def _request(self, method, url, *args):
        response = getattr(self.client, method)(url, *args)
        if self.person is not None and "_auth_user_id" not in self.client.session:
            self._login()
        return response

    def get(self, url):
        return self._request("get", url)

    def post(self, url, data):
        return self._request("post", url, data)


def _clients(world) -> dict[str, _RoleClient]:
    clients = {"anonymous": _RoleClient()}
    for role, person in world["people"].items():
        clients[role] = _RoleClient(person)
    return clients


def test_every_url_pattern_is_in_the_table():
    unknown = sorted({name for name, _route in patterns() if allowed_roles(name) is None})
    assert not unknown, (
        "URL patterns missing from the access matrix: add a rule for each to RULES in "
        f"tests/security/access_table.py (its docstring says how): {unknown}"
    )


def test_no_role_gets_a_200_where_the_matrix_says_no_and_nobody_gets_a_500(world):
    clients = _clients(world)
    leaks, errors, unreachable = [], [], []
    for name, route in sorted(set(patterns())):
        allowed = allowed_roles(name)
        url = url_for(world, name, route)
        if name in DELIBERATE_ERRORS:
            continue
        if url is None:
            unreachable.append(name)
            continue
        for role in ROLES:
            response = clients[role].get(url)
            if response.status_code >= 500:
                errors.append(f"GET {url} ({name}) as {role}: {response.status_code}")
            elif response.status_code == 200 and allowed is not None and role not in allowed:
                leaks.append(f"GET {url} ({name}) as {role}: 200, the matrix says no")
    assert not errors, "\n".join(errors)
    assert not leaks, "\n".join(leaks)
    assert not unreachable, f"Give arguments for these in arguments() or url_for(): {unreachable}"


@pytest.mark.parametrize("role", ["anonymous", "trainee", "editor", "administrator"])
def test_an_empty_post_to_any_url_never_gives_a_500(world, role):
    client = _clients(world)[role]
    errors = []
    for name, route in sorted(set(patterns())):
        url = url_for(world, name, route)
        if url is None or name in DELIBERATE_ERRORS:
            continue
        response = client.post(url, {})
        if response.status_code >= 500:
            errors.append(f"POST {url} ({name}) as {role}: {response.status_code}")
    assert not errors, "\n".join(errors)


def test_the_fixture_reaches_the_pages_it_is_meant_to(world):
    """The matrix only means something if the allowed people really get in: a few spot checks."""
    clients = _clients(world)
    key = world["key"]
    assert clients["trainee"].get(reverse("studysessions:detail", kwargs={"key": key})).status_code == 200
    assert clients["host"].get(reverse("studysessions:roster", kwargs={"key": key})).status_code == 200
    assert clients["round_manager"].get(reverse("studysessions:record", kwargs={"key": key})).status_code == 200
    assert clients["round_manager"].get(reverse("readiness:dashboard", args=[world["round"].pk])).status_code == 200
    assert clients["trainee"].get(reverse("quizzes:result", args=[world["attempt"].pk])).status_code == 200
    assert clients["system_administrator"].get(reverse("wagtailusers_users:index")).status_code == 200
