"""Runs inside a throwaway site's own process (``python -m tests.operations.world build|snapshot``), with the
production settings and the environment the test gives it: builds a small world through the factories and
the real services, or prints what the site holds as JSON (rows per table, uploaded files, search results)."""

import hashlib
import json
import os
import sys
from pathlib import Path

SEARCHES = ["听取工作汇报", "津贴补贴", "谈心谈话", "测验题", "巡察"]


def build() -> None:
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from core import roles
    from quizzes import services as quiz_services
    from search.models import DictionaryWord, SynonymGroup
    from tests.factories import (
        CaseIndexPageFactory,
        CasePageFactory,
        RegulationArticleFactory,
        RegulationIndexPageFactory,
        RegulationPageFactory,
        UserFactory,
    )
    from tests.quizzes.factories import QuestionFactory, QuizFactory

    DictionaryWord.objects.create(word="谈心谈话", note="备份测试")
    SynonymGroup.objects.create(words="一把手、主要负责人")

    regulations = RegulationIndexPageFactory()
    regulation = RegulationPageFactory(parent=regulations, title="巡察工作实施办法")
    for text in (
        "巡察组进驻后，应当听取被巡察党组织工作汇报。",
        "巡察组可以与被巡察单位干部开展谈心谈话。",
        "发现违规发放津贴补贴问题的，应当移交有关部门。",
    ):
        RegulationArticleFactory(regulation=regulation, text=text)
    cases = CaseIndexPageFactory()
    CasePageFactory(parent=cases, title="某局违规发放津贴补贴案例", summary="违规发放津贴补贴")

    questions = [QuestionFactory(stem=f"巡察测验题{n}") for n in range(3)]
    quiz = QuizFactory(title="巡察基础测验", questions=questions)
    for n in range(2):
        trainee = UserFactory(username=f"backup-trainee-{n}", role=roles.TRAINEE)
        attempt = quiz_services.start_attempt(quiz=quiz, user=trainee)
        first = attempt.answers.order_by("position").first().question
        choices = [c.pk for c in first.choices.all() if c.is_correct == (n == 0)][:1]
        quiz_services.save_answer(attempt=attempt, position=1, raw={"choices": choices})
        quiz_services.submit_attempt(attempt=attempt)

    document = Document(title="巡察工作手册")
    document.file.save("巡察工作手册.txt", ContentFile("巡察工作手册，内部资料。".encode()), save=True)
    from wagtail_factories import ImageFactory

    ImageFactory(title="巡察流程图")


def snapshot() -> dict:
    from django.conf import settings
    from django.db import connection
    from wagtail.models import Page

    from cases.models import CasePage
    from regulations.models import RegulationArticle

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    media = {}
    root = Path(settings.MEDIA_ROOT)
    for path in sorted(root.rglob("*")) if root.exists() else []:
        if path.is_file():
            media[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    searches = {}
    for query in SEARCHES:
        searches[query] = {
            "articles": sorted(article.pk for article in RegulationArticle.objects.search(query)),
            "cases": sorted(page.pk for page in CasePage.objects.live().search(query)),
            "pages": sorted(page.pk for page in Page.objects.live().search(query)),
        }
    return {"rows": counts, "media": media, "search": searches}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    if sys.argv[1] == "build":
        build()
    else:
        json.dump(snapshot(), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
