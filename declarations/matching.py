"""Does a declared unit name mean the same unit as one a round inspects? Pure functions, no database.

People write unit names loosely: 城关镇, 城关镇政府, 中共城关镇委员会 and 城关镇人民政府 are one body, and
财政局 in a county's declaration means 某某县财政局. The rule:

1. Normalise both names: NFKC (full-width letters and digits become ASCII), case-folded, every space,
   punctuation mark and symbol dropped (（）·、“” ...).
2. Reduce each to its core: drop a leading 中共 / 中国共产党 and, repeatedly, a trailing generic body word
   (人民政府, 政府, 党委, 党工委, 党组, 委员会, 机关, 党总支, 党支部); 村民委员会 / 村委会 become 村, so
   东风村村委会 and 东风村 share the core 东风村. A name that is nothing but such words keeps its full form.
3. Two names match when their normalised forms or their cores are equal, or when the shorter core is
   contained in the longer one and is specific enough:
   - at least 4 characters (县财政局 in 某某县财政局, 城关镇中心小学 in 某某县城关镇中心小学), or
   - exactly 3 characters ending in 镇, 乡, 村, 局 or 委 (城关镇, 财政局, 县纪委): a proper place or bureau
     name, and a county has only one of each.
   Generic names (中心小学, 卫生院, 派出所, 办公室 ...) never match by containment, only exactly, so
   declaring 中心小学 does not flag every township school.

What it does not catch: abbreviations (卫健委 for 卫生健康委员会), renamed units, typos. The office sees the
declared entries and the flags; a flag is a prompt to look, not a decision.

Wider than names (同一区域、同一系统): a tie and a unit may each carry a system (教育, 卫健 ...) and a region
(a township, or a village within one) from the lists the editors keep. :func:`match_reasons` gives every
reason a tie meets a unit, in plain Chinese: the same name, the same system, the same region, or a village
and its township (either way round). Two different villages of one township do not meet.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

_PREFIXES = ("中国共产党", "中共")
# Longest first: 村民委员会 before 委员会. The second item is what the suffix leaves behind.
_SUFFIXES = (
    ("村民委员会", "村"),
    ("居民委员会", ""),
    ("村委会", "村"),
    ("居委会", ""),
    ("人民政府", ""),
    ("党工委", ""),
    ("党总支", ""),
    ("党支部", ""),
    ("委员会", ""),
    ("政府", ""),
    ("党委", ""),
    ("党组", ""),
    ("机关", ""),
)
_SUFFIX_WORDS = frozenset(suffix for suffix, _ in _SUFFIXES)
_SHORT_NAME_ENDINGS = ("镇", "乡", "村", "局", "委")
_MIN_CONTAINED = 4
GENERIC_NAMES = frozenset(
    {
        "办公室",
        "党政办",
        "中心小学",
        "中心学校",
        "中学",
        "小学",
        "幼儿园",
        "卫生院",
        "派出所",
        "财政所",
        "司法所",
        "供电所",
        "信用社",
        "社区",
        "街道",
        "街道办",
        "街道办事处",
        "村委",
        "居委",
    }
)


def normalise(name: str) -> str:
    """NFKC, case-folded, with spaces, punctuation and symbols removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


def core(normalised: str) -> str:
    """The distinctive part of a normalised name: party prefix and generic body words removed."""
    name = normalised
    for prefix in _PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    changed = True
    while changed and name not in _SUFFIX_WORDS:
        changed = False
        for suffix, keep in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                stem = name[: -len(suffix)]
                name = stem if not keep or stem.endswith(keep) else stem + keep
                changed = True
                break
    return name


class UnitName:
    """A name prepared once for many comparisons."""

    __slots__ = ("core", "normalised")

    def __init__(self, name: str):
        self.normalised = normalise(name)
        self.core = core(self.normalised)

    def __bool__(self) -> bool:
        return bool(self.normalised)


def _specific_enough(short: str) -> bool:
    if short in GENERIC_NAMES:
        return False
    if len(short) >= _MIN_CONTAINED:
        return True
    return len(short) == _MIN_CONTAINED - 1 and short.endswith(_SHORT_NAME_ENDINGS)


def same_unit(declared: UnitName, unit: UnitName) -> bool:
    if not declared or not unit:
        return False
    if declared.normalised == unit.normalised or declared.core == unit.core:
        return True
    short, long = sorted((declared.core, unit.core), key=len)
    return short in long and _specific_enough(short)


def names_match(declared: str, unit: str) -> bool:
    """Convenience for one pair; use :class:`UnitName` when comparing many."""
    return same_unit(UnitName(declared), UnitName(unit))


@dataclass(frozen=True)
class Term:
    """A system or region as matching needs it; a region's township is its parent (None for a township)."""

    id: int
    name: str
    parent_id: int | None = None
    parent_name: str = ""


@dataclass(frozen=True)
class Place:
    """A declared tie or an inspected unit: its prepared name, system and region."""

    name: UnitName
    system: Term | None = None
    region: Term | None = None


def region_reason(declared: Term | None, unit: Term | None) -> str | None:
    """Why two regions meet (the same one, or a village and its township), or None."""
    if declared is None or unit is None:
        return None
    if declared.id == unit.id:
        return _("Same region: %(region)s") % {"region": declared.name}
    for village, township in ((declared, unit), (unit, declared)):
        if village.parent_id is not None and village.parent_id == township.id:
            return _("Same region: %(township)s (including %(village)s)") % {
                "township": township.name,
                "village": village.name,
            }
    return None


def match_reasons(declared: Place, unit: Place) -> list[str]:
    """Every reason the declared tie meets the unit, in a fixed order (name, system, region); empty for none."""
    reasons = []
    if same_unit(declared.name, unit.name):
        reasons.append(_("Same unit name"))
    if declared.system is not None and unit.system is not None and declared.system.id == unit.system.id:
        reasons.append(_("Same system: %(system)s") % {"system": declared.system.name})
    region = region_reason(declared.region, unit.region)
    if region:
        reasons.append(region)
    return reasons
