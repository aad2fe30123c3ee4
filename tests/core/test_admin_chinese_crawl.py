"""An editor never meets an English sentence (issue 15, point 9): every admin screen the demo's 编辑 and 审核
use, rendered by the test client, carries no Latin word of Wagtail's own UI.

Pages and snippets are found from the registries (every page type, every snippet type the person may
use), so a new type is crawled without touching this file. Words that are the site's own data (slugs,
usernames, file names) are allowed, as are the few abbreviations in tests.core.admin_text.ALLOWED_WORDS.
"""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import get_snippet_models

from fixtures.loader import load_demo_content
from tests.core.admin_text import english_texts, visible_text
from tests.factories import client_for

User = get_user_model()


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once, plus what an editor's day leaves: a case submitted for review, an upload each."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_content()
        editor = User.objects.get(username="bianji")
        case = next(page for page in Page.objects.type(_model("cases.CasePage")).specific() if page.live)
        case.save_revision(user=editor)
        case.get_workflow().start(case, editor)
        get_document_model().objects.create(
            title="示例文件", file=SimpleUploadedFile("guide-sample.pdf", b"%PDF-1.4 demo"), uploaded_by_user=editor
        )
        get_image_model().objects.create(
            title="示例图片", file=ImageFile(io.BytesIO(_png()), name="sample.png"), uploaded_by_user=editor
        )
        yield case.pk
        transaction.set_rollback(True)


def _model(label):
    return next(model for model in get_page_models() + get_snippet_models() if model._meta.label == label)


def _data_words() -> frozenset[str]:
    words = set()
    for user in User.objects.all():
        words.update(re.split(r"[-_.@]", user.username.lower()))
        words.update(re.split(r"[-_.@]", user.email.lower()))
    for model in get_page_models() + get_snippet_models():
        if any(field.name == "slug" for field in model._meta.get_fields()):
            for slug in model.objects.values_list("slug", flat=True):
                words.update(re.split(r"[-_]", slug.lower()))
    for model in (get_document_model(), get_image_model()):
        for name in model.objects.values_list("file", flat=True):
            words.update(re.split(r"[-_./]", name.lower()))
    return frozenset(word for word in words if word)


def _page_urls(user) -> list[str]:
    urls = [reverse("wagtailadmin_home"), reverse("wagtailadmin_explore_root")]
    urls += [reverse("wagtailadmin_pages:search") + "?q=示例", reverse("wagtailadmin_pages:search") + "?q=无此内容"]
    for model in get_page_models():
        if model is Page:
            continue
        instance = model.objects.order_by("pk").first()
        assert instance is not None, f"the demo has no {model.__name__}"
        urls.append(reverse("wagtailadmin_explore", args=[instance.pk]))
        urls.append(reverse("wagtailadmin_pages:edit", args=[instance.pk]))
        urls.append(reverse("wagtailadmin_pages:history", args=[instance.pk]))
        for parent in Page.objects.filter(
            content_type__in=[parent_type.pk for parent_type in _parent_types(model)]
        ).specific():
            if model.can_create_at(parent) and parent.permissions_for_user(user).can_add_subpage():
                urls.append(
                    reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
                )
                break
    case = _model("cases.CasePage").objects.order_by("pk").first()
    urls += [
        reverse("wagtailadmin_pages:copy", args=[case.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[case.pk]),
        reverse("wagtailadmin_pages:usage", args=[case.pk]),
    ]
    if case.permissions_for_user(user).can_delete():
        urls.append(reverse("wagtailadmin_pages:delete", args=[case.pk]))
    if case.permissions_for_user(user).can_unpublish():
        urls.append(reverse("wagtailadmin_pages:unpublish", args=[case.pk]))
    return urls


def _parent_types(model):
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(parent) for parent in model.allowed_parent_page_models()]


def _snippet_urls(user) -> list[str]:
    urls = []
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        label = f"{model._meta.app_label}.%s_{model._meta.model_name}"
        if user.has_perm(label % "view") or user.has_perm(label % "change") or user.has_perm(label % "add"):
            urls.append(reverse(viewset.get_url_name("list")))
        if user.has_perm(label % "add") and model._meta.label != "studysessions.StudySession":  # planned per series
            urls.append(reverse(viewset.get_url_name("add")))
        instance = model.objects.order_by("pk").first()
        if instance is None:
            continue
        if user.has_perm(label % "change"):  # view only (an editor and regulation articles): the list alone
            edit_url = AdminURLFinder(user).get_edit_url(instance)
            assert edit_url, f"{user} may change {model._meta.label} but has no edit link to {instance.pk}"
            urls += [edit_url, reverse(viewset.get_url_name("history"), args=[instance.pk])]
    return urls


def _other_urls(user) -> list[str]:
    document = get_document_model().objects.order_by("pk").first()
    image = get_image_model().objects.order_by("pk").first()
    urls = [
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add_multiple"),
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:page_types_usage"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_account"),
        reverse("regulation_import"),
        reverse("quizzes_import"),
        reverse("quizzes_reports"),
        reverse("revision_impact_list"),
    ]
    if page_permission_policy.user_has_permission(user, "unlock"):  # the reports menu shows it to these only
        urls.append(reverse("wagtailadmin_reports:locked_pages"))
    if user.has_perm("quizzes.mark_attempt"):
        urls.append(reverse("quizzes_marking"))
    return urls


def _crawl(client, urls, data_words) -> dict[str, set[str]]:
    found = {}
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            found[url] = {f"HTTP {response.status_code}"}
            continue
        html = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            html = json.loads(html).get("html", "")
        texts = english_texts(visible_text(html), data_words=data_words)
        if texts:
            found[url] = texts
    return found


def _report(found: dict[str, set[str]]) -> str:
    """Each English text once, with the screens it is on: the msgids still to translate."""
    screens: dict[str, list[str]] = {}
    for url, texts in found.items():
        for text in texts:
            screens.setdefault(text, []).append(url)
    lines = [f"{text!r} on {len(urls)} screen(s), e.g. {urls[0]}" for text, urls in sorted(screens.items())]
    return "English left on the admin screens:\n" + "\n".join(lines)


@pytest.mark.parametrize("username", ["bianji", "shenhe"])
def test_every_admin_screen_an_editor_and_a_reviewer_use_is_in_chinese(demo, db, username):
    user = User.objects.get(username=username)
    urls = _page_urls(user) + _snippet_urls(user) + _other_urls(user)
    assert len(urls) > 80
    found = _crawl(client_for(user), urls, _data_words())
    assert found == {}, _report(found)


def test_the_workflow_screens_a_reviewer_meets_are_in_chinese(demo, db):
    """The page awaiting review, its edit screen with the workflow actions, and their dialogs (from the edit
    screen and from the dashboard's 等待你的审查)."""
    reviewer = User.objects.get(username="shenhe")
    page = Page.objects.get(pk=demo)
    task_state = page.current_workflow_task_state
    assert task_state is not None
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", page.latest_revision_id]),
    ]
    for action in ("approve", "reject"):
        urls.append(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]))
        urls.append(reverse("wagtailadmin_pages:collect_workflow_action_data", args=[page.pk, action, task_state.pk]))
        urls.append(
            reverse("wagtailadmin_dashboard_workflow_action", args=[page.pk, action, task_state.pk])
        )  # 等待你的审查
    found = _crawl(client_for(reviewer), urls, _data_words())
    assert found == {}, _report(found)
    editor = User.objects.get(username="bianji")
    found = _crawl(client_for(editor), [reverse("wagtailadmin_home"), urls[1]], _data_words())
    assert found == {}, _report(found)
