"""Roles come from a migration; editors draft, reviewers approve and publish through the workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Workflow

from core import roles
from tests.factories import CaseIndexPageFactory, CasePageFactory

pytestmark = pytest.mark.django_db


def test_migration_creates_the_four_roles_and_drops_wagtails_english_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.TRAINEE, roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR} <= names
    assert not names & {"Editors", "Moderators"}


def test_only_staff_roles_may_access_the_admin(trainee, editor, reviewer):
    assert not trainee.has_perm("wagtailadmin.access_admin")
    assert editor.has_perm("wagtailadmin.access_admin")
    assert reviewer.has_perm("wagtailadmin.access_admin")


def test_editor_drafts_but_cannot_publish_and_reviewer_can(editor, reviewer):
    case = CasePageFactory(parent=CaseIndexPageFactory())
    editor_perms = case.permissions_for_user(editor)
    reviewer_perms = case.permissions_for_user(reviewer)
    assert editor_perms.can_edit()
    assert not editor_perms.can_publish()
    assert reviewer_perms.can_publish()
    assert not editor_perms.can_delete()
    assert reviewer_perms.can_delete()


def test_root_uses_the_review_workflow_with_the_reviewer_group():
    workflow = Page.objects.get(depth=1).get_workflow()
    assert workflow is not None and workflow.name == "审核发布"
    task = workflow.tasks.get().specific
    assert isinstance(task, GroupApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == [roles.REVIEWER]
    assert not Workflow.objects.filter(name="Moderators approval").exists()


def test_a_draft_submitted_by_an_editor_is_published_when_a_reviewer_approves(editor, reviewer):
    case = CasePageFactory(parent=CaseIndexPageFactory(), live=False)
    case.title = "修改后的案例标题"
    case.save_revision(user=editor)
    workflow_state = case.get_workflow().start(case, editor)
    task_state = workflow_state.current_task_state
    task = task_state.task.specific

    assert task.get_actions(case, editor) == []
    assert "approve" in [name for name, *_ in task.get_actions(case, reviewer)]

    task.on_action(task_state, reviewer, "approve")
    case.refresh_from_db()
    assert case.live
    assert case.title == "修改后的案例标题"
