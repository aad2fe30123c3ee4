"""Roles as groups (学员, 编辑, 审核, 管理员) and the 审核发布 moderation workflow.

Wagtail's own English "Editors"/"Moderators" groups and their default workflow are replaced:
two sets of roles in one admin would confuse the office.
"""

from django.db import migrations

from core.roles import (
    ADMINISTRATOR,
    EDITOR,
    REVIEWER,
    STAFF_ROLES,
    ensure_permissions_exist,
    ensure_roles,
    grant,
    grant_tree_permissions,
)

TAXONOMY = ["cases.%s_problemcategory", "cases.%s_discoverymethod", "core.%s_unittype"]


def expand(templates, actions):
    return [t % action for t in templates for action in actions]


def create_roles(apps, schema_editor):
    ensure_permissions_exist(apps)
    ensure_roles(apps)
    for role in STAFF_ROLES:
        grant(apps, role, ["wagtailadmin.access_admin", "regulations.view_regulationarticle"])
        grant_tree_permissions(apps, role)
    grant(apps, EDITOR, expand(TAXONOMY, ["add", "change", "view"]))
    grant(apps, REVIEWER, expand(TAXONOMY, ["add", "change", "delete", "view"]))
    grant(apps, REVIEWER, ["regulations.change_regulationarticle"])
    grant(apps, ADMINISTRATOR, expand(TAXONOMY, ["add", "change", "delete", "view"]))
    grant(
        apps,
        ADMINISTRATOR,
        [
            *expand(["regulations.%s_regulationarticle"], ["add", "change", "delete"]),
            *expand(["auth.%s_user"], ["add", "change", "delete", "view"]),
            "auth.view_group",
            *expand(["wagtailcore.%s_workflow", "wagtailcore.%s_task"], ["add", "change", "delete"]),
            *expand(["wagtailredirects.%s_redirect"], ["add", "change", "delete"]),
        ],
    )
    create_workflow(apps)


def create_workflow(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(model="groupapprovaltask", app_label="wagtailcore")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="审核组审批", defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([Group.objects.get(name=REVIEWER)])
    workflow, _ = Workflow.objects.get_or_create(name="审核发布", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.get(depth=1)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})

    # Drop Wagtail's English defaults (created by wagtailcore's own migrations).
    Workflow.objects.filter(name="Moderators approval").exclude(pk=workflow.pk).delete()
    GroupApprovalTask.objects.filter(name="Moderators approval").delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_homepage"),
        ("cases", "0003_taxonomy"),
        ("guides", "0001_initial"),
        ("regulations", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
