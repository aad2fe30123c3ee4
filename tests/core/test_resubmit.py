"""A form posted after the login ran out: kept and submitted again after logging in, or said not to be saved."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core import resubmit
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Xuncha-test-2026"


@pytest.fixture
def taker():
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def attempt(taker):
    """An open attempt of a two-question quiz, started by ``taker``."""
    quiz = QuizFactory(questions=[QuestionFactory(stem="巡察组进驻后首先做什么？"), QuestionFactory(stem="第二题")])
    client = Client()
    client.force_login(taker)
    client.post(reverse("quizzes:start", args=[quiz.slug]))
    return Attempt.objects.get(quiz=quiz, user=taker)


def _right_choice(attempt) -> str:
    question = attempt.answers.get(position=1).question
    return str(question.choices.get(is_correct=True).pk)


def _log_in(client, user, next_url: str):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url})


def _hidden_fields(html: str) -> tuple[str, list[tuple[str, str]]]:
    """The resubmit form's action and its hidden fields, as a browser would send them."""
    form = re.search(r'<form method="post" action="([^"]+)" class="actions">(.*?)</form>', html, re.S)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    return form.group(1), [(name, unescape(value)) for name, value in fields]


def _post_pairs(client, action: str, pairs: list[tuple[str, str]]):
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return client.post(action, data)


def test_an_answer_posted_after_the_login_ran_out_is_recorded_after_logging_in_and_resubmitting(taker, attempt):
    question_url = reverse("quizzes:question", args=[attempt.pk, 1])
    browser = Client()  # the phone: its login has run out

    response = browser.post(question_url, {"choice": [_right_choice(attempt)], "go": "next"})

    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert attempt.answers.get(position=1).answered_at is None
    login_page = browser.get(response.url).content.decode()
    assert 'data-testid="resubmit-kept"' in login_page and "还没有保存" in login_page

    logged_in = _log_in(browser, taker, reverse("resubmit"))
    assert logged_in.url == reverse("resubmit")
    page = browser.get(logged_in.url).content.decode()
    assert "登录已过期，你刚才提交的内容还没有保存" in page and "重新提交" in page and "放弃" in page
    assert attempt.answers.get(position=1).answered_at is None  # showing the page saves nothing

    action, fields = _hidden_fields(page)
    assert action == question_url
    assert ("choice", _right_choice(attempt)) in fields and ("go", "next") in fields
    assert not any(name == "csrfmiddlewaretoken" and value == "" for name, value in fields)
    resubmitted = _post_pairs(browser, action, fields)

    assert resubmitted.url == reverse("quizzes:question", args=[attempt.pk, 2])
    answer = attempt.answers.get(position=1)
    assert answer.answered_at is not None
    assert [str(choice) for choice in answer.response["choices"]] == [_right_choice(attempt)]
    # Used once: the page has nothing left, and posting the same fields again is an ordinary answer save.
    assert "没有待重新提交的内容" in browser.get(reverse("resubmit")).content.decode()
    assert resubmit.SESSION_KEY not in browser.session


def test_discard_drops_the_kept_answer_and_reopens_the_page(taker, attempt):
    question_url = reverse("quizzes:question", args=[attempt.pk, 1])
    browser = Client()
    browser.post(question_url, {"choice": [_right_choice(attempt)]})
    _log_in(browser, taker, reverse("resubmit"))

    response = browser.post(reverse("resubmit_discard"))

    assert response.url == question_url
    assert resubmit.SESSION_KEY not in browser.session
    assert attempt.answers.get(position=1).answered_at is None


def test_a_post_with_a_file_is_not_kept_and_the_login_page_says_so(taker, attempt):
    browser = Client()
    upload = SimpleUploadedFile("答卷.docx", b"x" * 10)
    response = browser.post(reverse("quizzes:question", args=[attempt.pk, 1]), {"file": upload, "go": "next"})

    assert response.url.startswith(reverse("login")) and "unsaved=1" in response.url
    assert resubmit.SESSION_KEY not in browser.session
    login_page = browser.get(response.url).content.decode()
    assert 'data-testid="resubmit-lost"' in login_page and "没有保存" in login_page
    assert 'data-testid="resubmit-kept"' not in login_page


def test_a_post_too_large_to_keep_is_not_kept(attempt):
    browser = Client()
    huge = "很" * (resubmit.MAX_BYTES // 3 + 1)
    response = browser.post(reverse("quizzes:question", args=[attempt.pk, 1]), {"text": huge})
    assert "unsaved=1" in response.url and resubmit.SESSION_KEY not in browser.session


def test_a_password_is_never_kept():
    browser = Client()
    response = browser.post(reverse("accounts:password_change"), {"old_password": "a", "new_password1": "b"})
    assert "unsaved=1" in response.url and resubmit.SESSION_KEY not in browser.session


def test_the_kept_answer_expires_after_thirty_minutes(taker, attempt):
    browser = Client()
    browser.post(reverse("quizzes:question", args=[attempt.pk, 1]), {"choice": [_right_choice(attempt)]})
    _log_in(browser, taker, reverse("resubmit"))
    session = browser.session
    session[resubmit.SESSION_KEY]["at"] -= resubmit.MAX_AGE.total_seconds() + 1
    session.save()

    page = browser.get(reverse("resubmit")).content.decode()

    assert "没有待重新提交的内容" in page and 'data-testid="resubmit-button"' not in page


def test_a_get_after_the_login_ran_out_keeps_nothing():
    browser = Client()
    response = browser.get(reverse("quizzes:list"))
    assert response.status_code == 302 and "unsaved" not in response.url
    assert resubmit.SESSION_KEY not in browser.session


def test_only_a_post_from_this_sites_own_form_in_this_browser_is_kept(attempt):
    """A form another site posts into a signed-out browser must not be offered for 重新提交 after login."""
    question_url = reverse("quizzes:question", args=[attempt.pk, 1])
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))  # the browser holds this site's CSRF cookie, as a phone that was signed in does
    token = browser.cookies["csrftoken"].value

    # The CSRF check runs before the login check: a forged post is refused before anything is kept.
    forged = browser.post(question_url, {"choice": [_right_choice(attempt)], "go": "next"})
    assert forged.status_code == 403 and resubmit.SESSION_KEY not in browser.session

    own = browser.post(question_url, {"choice": [_right_choice(attempt)], "csrfmiddlewaretoken": token})
    assert "unsaved=1" not in own.url and resubmit.SESSION_KEY in browser.session
    assert ("csrfmiddlewaretoken", token) not in [tuple(f) for f in browser.session[resubmit.SESSION_KEY]["fields"]]
