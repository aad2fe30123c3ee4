"""Who may manage whom (三员分立, least privilege): the admin's user forms, and editors' page deletion.

- Only a superuser creates or edits a superuser: the 管理员 (is_superuser) checkbox is not in a
  non-superuser's form, a POST that sets it is refused, and a superuser's edit page is refused to them.
- A non-superuser grants only the office roles (学员, 编辑, 审核, 管理员) and groups they hold themselves.
- No non-superuser holds two of 系统管理员, 安全管理员 and 审计员.
- An editor (no publish permission) deletes only pages they own that were never published.
- Documents and images are deleted only by those holding "change" (or "delete") on their collection (审核,
  管理员), never by an uploader with only "add" (编辑), not even their own uploads.

Wagtail reads the user forms from our users app config (``core.staff_apps.StaffUsersAppConfig``, in
INSTALLED_APPS in place of ``wagtail.users``); the page and upload rules are installed by ``core.apps`` when the
apps are ready.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Collection, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users as user_views

from core.roles import ROLES, SEPARATED_ROLES


def separated_roles_held(group_names) -> list[str]:
    """The 三员 roles among these group names, in their fixed order."""
    names = set(group_names)
    return [role for role in SEPARATED_ROLES if role in names]


def grantable_groups(user):
    """The groups this person may give others: all for a superuser, else the office roles and their own."""
    if user.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(name__in=ROLES) | user.groups.all()


class _StaffFormMixin:
    """Shared by the create and edit forms; ``for_user`` is the person filling the form in."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_user = for_user
        self.limited = for_user is not None and not for_user.is_superuser
        if self.limited:
            self.fields.pop("is_superuser", None)
            if "groups" in self.fields:
                own = set(self.instance.groups.values_list("pk", flat=True)) if self.instance.pk else set()
                allowed = grantable_groups(for_user).values_list("pk", flat=True)
                # Groups the person already has stay listed, so saving does not silently drop them.
                self.fields["groups"].queryset = Group.objects.filter(pk__in=[*allowed, *own]).order_by("name")

    def clean(self):
        data = super().clean()
        if self.limited and self.data.get("is_superuser") not in (None, "", "false", "False", "off"):
            raise ValidationError(_("Only a superuser may create or change a superuser."))
        groups = data.get("groups")
        if groups is not None:
            if self.limited:
                before = set(self.instance.groups.values_list("pk", flat=True)) if self.instance.pk else set()
                allowed = set(grantable_groups(self.for_user).values_list("pk", flat=True))
                refused = sorted(g.name for g in groups if g.pk not in before and g.pk not in allowed)
                if refused:
                    self.add_error(
                        "groups",
                        _("You may not grant a role you do not hold yourself: %(roles)s.")
                        % {"roles": "、".join(refused)},
                    )
            superuser = data.get("is_superuser", self.instance.is_superuser)
            held = separated_roles_held(g.name for g in groups)
            if len(held) > 1 and not superuser:
                self.add_error(
                    "groups",
                    _("Separation of the three administrators: one account may not be %(roles)s at once.")
                    % {"roles": "、".join(held)},
                )
        return data


class StaffUserCreationForm(_StaffFormMixin, UserCreationForm):
    pass


class StaffUserEditForm(_StaffFormMixin, UserEditForm):
    pass


class _ForUserMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class StaffUserCreateView(_ForUserMixin, user_views.CreateView):
    pass


class StaffUserEditView(_ForUserMixin, user_views.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied


class StaffUserViewSet(user_views.UserViewSet):
    add_view_class = StaffUserCreateView
    edit_view_class = StaffUserEditView

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm


def install_page_delete_rule() -> None:
    """Wagtail lets anyone who may change a page delete it while it is not live, whoever wrote it: an editor
    could delete a colleague's draft. Without the publish permission, one deletes only pages one owns that
    were never published (and their descendants, under the same rule)."""
    original = PagePermissionTester.can_delete
    if getattr(original, "own_drafts_only", False):
        return

    def can_delete(self, ignore_bulk=False):
        if not original(self, ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or "publish" in self.permissions:
            return True
        pages = self.page.get_descendants(inclusive=True)
        return not pages.exclude(owner=self.user, first_published_at__isnull=True).exists()

    can_delete.own_drafts_only = True
    PagePermissionTester.can_delete = can_delete


class ReviewersDeleteUploadsPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for documents and images, except that deleting needs "change" or "delete" on the
    collection: one who may only add (编辑) edits their own uploads but deletes none, not even their own."""

    DELETE_GRANTS = frozenset({"change", "delete"})

    def user_has_permission(self, user, action):
        if action == "delete":
            return self._check_perm(user, self.DELETE_GRANTS)
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        others = set(actions) - {"delete"}
        if others and super().user_has_any_permission_for_instance(user, others, instance):
            return True
        return "delete" in actions and self._check_perm(user, self.DELETE_GRANTS, collection=instance.collection)

    def instances_user_has_any_permission_for(self, user, actions):
        others = set(actions) - {"delete"}
        found = super().instances_user_has_any_permission_for(user, others) if others else None
        if "delete" in actions:
            deletable = self.model._default_manager.filter(
                collection__in=self.collections_user_has_any_permission_for(user, ["delete"])
            )
            found = deletable if found is None else found | deletable
        return found if found is not None else self.model._default_manager.none()

    def collections_user_has_any_permission_for(self, user, actions):
        others = set(actions) - {"delete"}
        found = super().collections_user_has_any_permission_for(user, others) if others else Collection.objects.none()
        if "delete" in actions:
            if user.is_active and user.is_superuser:
                return Collection.objects.all()
            if user.is_active and user.is_authenticated:
                found = found | self._collections_with_perm(user, self.DELETE_GRANTS)
        return found

    def users_with_any_permission(self, actions):
        others = set(actions) - {"delete"}
        users = super().users_with_any_permission(others) if others else get_user_model().objects.none()
        if "delete" in actions:
            users = users | self._users_with_perm(self.DELETE_GRANTS)
        return users.distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        others = set(actions) - {"delete"}
        users = super().users_with_any_permission_for_instance(others, instance) if others else None
        if "delete" in actions:
            deleters = self._users_with_perm(self.DELETE_GRANTS, collection=instance.collection)
            users = deleters if users is None else users | deleters
        return (users if users is not None else get_user_model().objects.none()).distinct()


def install_upload_delete_rule() -> None:
    """Wagtail lets whoever may add to a collection delete what they uploaded themselves, so 编辑 could delete
    their own documents and images (one by one or in bulk). The role table says only 审核 and 管理员 delete:
    the document and image policy objects, which every Wagtail view imported, take the stricter class."""
    from wagtail.documents import permissions as document_permissions
    from wagtail.images import permissions as image_permissions

    for policy in (document_permissions.permission_policy, image_permissions.permission_policy):
        if type(policy) is CollectionOwnershipPermissionPolicy:
            policy.__class__ = ReviewersDeleteUploadsPolicy
