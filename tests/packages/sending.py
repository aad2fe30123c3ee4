"""Two offices in one test database: the sender exports under its office code, the receiver imports under another.

The upload refuses an office's own packages, so switching ``OfficeIdentity.code`` between the two is what makes
the same database play both sites; the items the receiver imports are new rows beside the sender's.
"""

import uuid

from core.roles import EDITOR, REVIEWER
from packages import exporting, importing
from packages.models import OfficeIdentity
from tests.factories import UserFactory

SENDER = uuid.UUID("00000000-0000-4000-8000-000000000001")
RECEIVER = uuid.UUID("00000000-0000-4000-8000-000000000002")


def be(code: uuid.UUID, name: str = "示例甲县巡察办") -> OfficeIdentity:
    office = OfficeIdentity.objects.first() or OfficeIdentity(name=name)
    office.code, office.name = code, name
    office.save()
    return office


class Offices:
    """An editor and a reviewer who prepare and approve the sender's packages, and an editor who imports them."""

    def __init__(self) -> None:
        self.preparer = UserFactory(role=EDITOR)
        self.reviewer = UserFactory(role=REVIEWER)
        self.importer = UserFactory(role=EDITOR)

    def export(self, items: list[tuple[str, int]], *, title: str = "示例内容包", key: str = "") -> bytes:
        """The approved package file of these items, as the sender's reviewer approved it (flags cleared)."""
        be(SENDER)
        export = exporting.create_export(user=self.preparer, title=title, key=key, items=items)
        from packages.selectors import export_report

        for entry in export_report(export=export).entries:
            for flag in entry.uncleared:
                exporting.clear_item_flag(
                    export=export,
                    kind=entry.kind.key,
                    object_id=entry.instance.pk,
                    flag_kind=flag.kind,
                    text=flag.text,
                    reason="示例材料中的虚构内容",
                    reviewer=self.reviewer,
                )
        return bytes(exporting.approve_export(export=export, reviewer=self.reviewer).file)

    def preview(self, data: bytes):
        be(RECEIVER, "示例乙县巡察办")
        upload = importing.upload_package(data=data, file_name="package.zip", user=self.importer)
        return importing.preview_import(upload=upload)

    def receive(self, data: bytes, *, keep_local: frozenset[str] = frozenset()):
        """Upload and import as the receiver; (preview before, results)."""
        preview = self.preview(data)
        results = importing.apply_import(upload=preview.upload, user=self.importer, keep_local=set(keep_local))
        return preview, results
