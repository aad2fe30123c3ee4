"""Database side of bench/quiz_takers.py: make the PostgreSQL database, build the bench data, check what
the server stored.

Run by quiz_takers.py as a child process with the server's environment, so one run can set up
Django once per database (SQLite, then PostgreSQL). Not meant to be run by hand:

    quiz_takers_db.py prepare WORKDIR   writes WORKDIR/plan.json (users, quiz slug, answer key)
    quiz_takers_db.py verify WORKDIR    reads WORKDIR/sent.json, writes WORKDIR/verified.json
    quiz_takers_db.py queries WORKDIR   SQL queries per request of one taker, to WORKDIR/queries.json
"""

import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Throwaway accounts in a throwaway database.
PASSWORD = "bench-taker-password"
PROFILE_USER = "bench-profile"

# (kind, points, options or blanks). Options are (text, correct); blanks are accepted variants.
# Twenty questions: 6 single, 5 multiple, 5 true/false, 4 fill-in-the-blank.
QUESTIONS = [
    ("single", 1, [("巡察组组长", True), ("被巡察单位", False), ("纪检监察组", False), ("组织部门", False)]),
    ("multiple", 2, [("个别谈话", True), ("调阅资料", True), ("公开辩论", False), ("下沉调研", True)]),
    ("true_false", 1, True),
    ("fill_blank", 2, ["一把手|主要负责人"]),
    ("single", 1, [("五年", True), ("三年", False), ("十年", False)]),
    ("multiple", 2, [("党的领导", True), ("党的建设", True), ("全面从严治党", True), ("招商引资", False)]),
    ("true_false", 1, False),
    ("single", 1, [("书面报告", True), ("口头通知", False), ("电话沟通", False)]),
    ("fill_blank", 2, ["问题线索", "移交"]),
    ("multiple", 2, [("回避", True), ("保密", True), ("宣传", False)]),
    ("true_false", 1, True),
    ("single", 1, [("整改", True), ("表彰", False), ("考核", False), ("公示", False)]),
    ("multiple", 2, [("选人用人", True), ("三重一大", True), ("日常办公", False), ("民主集中制", True)]),
    ("fill_blank", 2, ["巡察组|巡察工作组"]),
    ("true_false", 1, False),
    ("single", 1, [("一个月", False), ("两个月", True), ("半年", False)]),
    ("multiple", 2, [("主体责任", True), ("监督责任", True), ("连带责任", False), ("无限责任", False)]),
    ("true_false", 1, True),
    ("fill_blank", 2, ["谈话", "笔录"]),
    ("single", 1, [("反馈", True), ("归档", False), ("撤销", False)]),
]


def _setup() -> None:
    import django

    django.setup()


def prepare(workdir: Path, takers: int) -> None:
    """Migrate the empty database, collect static files, create the takers and the quiz."""
    _setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction

    from core.roles import TRAINEE
    from quizzes.models import BlankAnswer, Choice, ChoiceOrder, Question, Quiz, QuizQuestion

    call_command("migrate", verbosity=0)
    # The production settings use a manifest storage: pages cannot render without collected files.
    call_command("collectstatic", interactive=False, verbosity=0)

    User = get_user_model()
    trainee = Group.objects.get(name=TRAINEE)
    # One real (slow) hash shared by every account: logging in still costs what it costs in
    # production, but setting up does not pay for 60 hashes.
    password = make_password(PASSWORD)
    names = [f"bench-taker-{n:02d}" for n in range(1, takers + 1)] + [PROFILE_USER]
    with transaction.atomic():
        users = User.objects.bulk_create([User(username=name, password=password) for name in names])
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=trainee.pk) for u in users])
        quiz = Quiz.objects.create(title="并发基准测验", slug="bench-quiz", pass_mark=60)
        plan_questions = []
        for position, (kind, points, spec) in enumerate(QUESTIONS, start=1):
            stem = f"基准题{position}：请作答。"
            if kind == "fill_blank":
                stem = f"基准题{position}：" + "、".join("____" for _ in spec) + "。"
            question = Question.objects.create(
                kind=kind,
                stem=stem,
                points=points,
                # Every third question shuffles its options, so takers must read ids from the page.
                choice_order=ChoiceOrder.RANDOM if position % 3 == 0 else ChoiceOrder.CONTENT,
                true_false_answer=spec if kind == "true_false" else None,
            )
            entry = {"position": position, "kind": kind, "points": points, "choices": [], "blanks": [], "tf": None}
            if kind in ("single", "multiple"):
                for order, (text, correct) in enumerate(spec):
                    choice = Choice.objects.create(question=question, text=text, is_correct=correct, sort_order=order)
                    entry["choices"].append({"id": choice.pk, "correct": correct})
            elif kind == "fill_blank":
                for order, accepted in enumerate(spec):
                    BlankAnswer.objects.create(question=question, accepted=accepted, sort_order=order)
                    entry["blanks"].append(accepted.split("|"))
            else:
                entry["tf"] = spec
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=position)
            plan_questions.append(entry)
    plan = {"slug": quiz.slug, "password": PASSWORD, "users": names[:-1], "questions": plan_questions}
    (workdir / "plan.json").write_text(json.dumps(plan, ensure_ascii=False))


def verify(workdir: Path) -> None:
    """Compare every stored answer and score with what the takers sent."""
    _setup()
    from quizzes.models import Attempt, AttemptAnswer

    sent = json.loads((workdir / "sent.json").read_text())
    attempts = {a.user.username: a for a in Attempt.objects.filter(quiz__slug="bench-quiz").select_related("user")}
    stored: dict[int, dict[int, AttemptAnswer]] = {}
    for answer in AttemptAnswer.objects.filter(attempt__in=attempts.values()).order_by("position"):
        stored.setdefault(answer.attempt_id, {})[answer.position] = answer
    lost, score_mismatches, problems = 0, 0, []
    for username, expected in sent.items():
        attempt = attempts.get(username)
        if attempt is None:
            lost += len(expected["responses"])
            score_mismatches += 1
            problems.append(f"{username}: no attempt")
            continue
        rows = stored.get(attempt.pk, {})
        for position, response in enumerate(expected["responses"], start=1):
            row = rows.get(position)
            if row is None or row.answered_at is None or row.response != response:
                lost += 1
                problems.append(f"{username} #{position}: sent {response}, stored {row and row.response}")
        if attempt.status != "completed" or attempt.score != Decimal(expected["score"]):
            score_mismatches += 1
            problems.append(f"{username}: {attempt.status}, score {attempt.score}, expected {expected['score']}")
    result = {
        "attempts": len(attempts),
        "answer_rows": sum(len(rows) for rows in stored.values()),
        "lost": lost,
        "score_mismatches": score_mismatches,
        "problems": problems[:10],
    }
    (workdir / "verified.json").write_text(json.dumps(result, ensure_ascii=False))


def queries(workdir: Path) -> None:
    """One taker's flow through Django's test client: SQL queries and CPU time of each request.

    CPU time of this one process (the SQLite engine included, a PostgreSQL server not) is what a
    request costs whatever else the machine is doing. The flow runs twice and the second run is
    kept, so template compilation and other first-request costs are left out.
    """
    _setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    plan = json.loads((workdir / "plan.json").read_text())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=PROFILE_USER))
    counts: dict[str, list[tuple[int, float]]] = {}

    def run(kind, method, url, data=None):
        started = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(url, data or {})
        counts.setdefault(kind, []).append((len(captured), time.process_time() - started))
        return response

    for _ in range(2):
        counts.clear()
        response = run("start POST", "post", f"/quizzes/{plan['slug']}/start/")
        url = response["Location"]
        for question in plan["questions"]:
            run("question GET", "get", url)
            # Every third answer wrong, as the takers do now and then, so submitting records missed questions.
            right = question["position"] % 3 != 0
            if question["kind"] in ("single", "multiple"):
                data = {"choice": [c["id"] for c in question["choices"] if c["correct"] == right]}
            elif question["kind"] == "true_false":
                data = {"value": "true" if question["tf"] == right else "false"}
            else:
                data = {"blank": [variants[0] if right else "错" for variants in question["blanks"]]}
            url = run("answer POST", "post", url, {**data, "go": "next"})["Location"]
        run("submit GET", "get", url)
        result_url = run("submit POST", "post", url)["Location"]
        run("result GET", "get", result_url)
    summary = {
        kind: {"sql": [min(n for n, _ in rows), max(n for n, _ in rows)], "cpu": statistics.median(c for _, c in rows)}
        for kind, rows in counts.items()
    }
    (workdir / "queries.json").write_text(json.dumps(summary))


if __name__ == "__main__":
    phase, workdir = sys.argv[1], Path(sys.argv[2])
    os.chdir(ROOT)
    if phase == "prepare":
        prepare(workdir, int(sys.argv[3]))
    elif phase == "verify":
        verify(workdir)
    elif phase == "queries":
        queries(workdir)
    else:
        raise SystemExit(f"unknown phase {phase!r}")
