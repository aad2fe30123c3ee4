"""The four roles, as auth groups, and the helpers migrations use to grant them permissions.

Functions here take a migration's `apps` registry, so they work in data migrations of any app:
an app that adds models grants its own permissions in its own migration.
"""

from django.contrib.auth.management import create_permissions

TRAINEE = "学员"
EDITOR = "编辑"
REVIEWER = "审核"
ADMINISTRATOR = "管理员"
ROLES = (TRAINEE, EDITOR, REVIEWER, ADMINISTRATOR)
STAFF_ROLES = (EDITOR, REVIEWER, ADMINISTRATOR)
# 三员分立: system administration (users and roles), security administration (lockouts, second-factor
# resets, policies) and audit (read-only security and access logs) are three roles no account combines.
SYSTEM_ADMINISTRATOR = "系统管理员"
SECURITY_ADMINISTRATOR = "安全管理员"
AUDITOR = "审计员"
SEPARATED_ROLES = (SYSTEM_ADMINISTRATOR, SECURITY_ADMINISTRATOR, AUDITOR)
# What each of the three may do in the admin beyond signing in to it. The accounts app grants the security
# administrator its lockout and second-factor permissions, the audit app grants the auditor the audit log.
# Groups are viewed, not edited: a role's permissions come from migrations (or a superuser), so no account
# can widen its own role.
SYSTEM_ADMINISTRATION = [*(f"auth.{action}_user" for action in ("add", "change", "delete", "view")), "auth.view_group"]

# Page permissions on the whole tree. Editors write drafts and submit them; reviewers publish.
PAGE_PERMISSIONS = {
    EDITOR: ["add_page", "change_page"],
    REVIEWER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"],
    ADMINISTRATOR: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
        "bulk_delete_page",
    ],
}
# Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    EDITOR: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    REVIEWER: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    ADMINISTRATOR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
}


def ensure_permissions_exist(apps) -> None:
    """Permissions are normally made after all migrations; a data migration that grants them needs them now."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None


def ensure_roles(apps) -> dict:
    Group = apps.get_model("auth", "Group")
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


def ensure_separated_roles(apps) -> dict:
    Group = apps.get_model("auth", "Group")
    return {name: Group.objects.get_or_create(name=name)[0] for name in SEPARATED_ROLES}


def revoke(apps, role: str, permissions: list[str]) -> None:
    """Take model permissions named "app_label.codename" from a role (those it does not hold are skipped)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name=role)
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def grant(apps, role: str, permissions: list[str]) -> None:
    """Give a role model permissions named "app_label.codename"."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.get(name=role)
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def grant_tree_permissions(apps, role: str) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    group = Group.objects.get(name=role)
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    for codename in PAGE_PERMISSIONS.get(role, []):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
    for dotted in COLLECTION_PERMISSIONS.get(role, []):
        app_label, codename = dotted.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
