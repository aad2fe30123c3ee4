"""The dashboard's line for a recusal conflict says why the tie meets the unit (name, system, region)."""

from declarations.api import Conflict
from declarations.models import RecusalEntry, RelationKind
from readiness.dashboard import describe_conflict
from rounds.api import InspectedUnit


def conflict(reasons: tuple[str, ...]) -> Conflict:
    entry = RecusalEntry(relation=RelationKind.FORMER_WORKPLACE, unit_name="示例县教育局")
    return Conflict(entry=entry, unit=InspectedUnit(name="示例县第一中学"), by_own_team=False, reasons=reasons)


def test_the_line_names_each_reason_the_tie_matches():
    line = describe_conflict(conflict(("同一系统：教育", "同一区域：示例镇")))
    assert "示例县第一中学" in line
    assert "（同一系统：教育；同一区域：示例镇）" in line


def test_a_conflict_without_reasons_reads_as_before():
    assert describe_conflict(conflict(())).startswith("曾工作单位（示例县教育局）与被巡察单位“示例县第一中学”相符；")
