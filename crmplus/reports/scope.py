"""Which dashboard a user may open: a level and unit inside their scope, and a fiscal year.

HQ users pick any unit (the nation, a region, an area, an office); everyone else picks
among their home unit and what lies under it (an area admin: the area and its offices;
a KAMR: the office). Asking for a unit outside the scope is a 404, as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404
from django.utils import timezone

from crmplus.core.extensions import DashboardScope
from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.scoping import unit_ids_for

LEVEL_OF_KIND = {
    OrgUnitKind.HQ: "nation",
    OrgUnitKind.REGION: "region",
    OrgUnitKind.AREA: "area",
    OrgUnitKind.OFFICE: "office",
}
LEVELS = ["nation", "region", "area", "office"]


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


def fy_from(raw, default: int) -> int:
    raw = str(raw or "").strip()
    if raw.isdigit() and 2400 < int(raw) < 2700:
        return int(raw)
    return default


def unit_from(user: User, raw) -> OrgUnit:
    """The unit asked for in `?unit=`, or the user's home unit; a 404 outside the scope."""
    raw = str(raw or "").strip()
    if not raw:
        if user.home_unit_id is None:
            raise Http404
        return user.home_unit
    if not raw.isdigit() or len(raw) > 18:
        raise Http404
    unit = OrgUnit.objects.for_user(user).filter(pk=int(raw)).first()
    if unit is None or user.home_unit_id is None:
        raise Http404
    return unit


def scope_for(unit: OrgUnit, fy: int, user: User) -> DashboardScope:
    level = LEVEL_OF_KIND[unit.kind]
    if level == "nation":
        ids = OrgUnit.objects.values_list("id", flat=True)
    else:
        ids = OrgUnit.objects.filter(path__startswith=unit.path).values_list("id", flat=True)
    return DashboardScope(
        level=level,
        unit=None if level == "nation" else unit,
        unit_ids=ids,
        fy=fy,
        extra={"org_unit": unit, "user_id": user.pk},
    )


@dataclass
class PickerOption:
    unit: OrgUnit
    level: str
    selected: bool


def picker_options(user: User, chosen: OrgUnit) -> list[PickerOption]:
    """The units of the picker: every region and area in scope, and the offices of the
    chosen unit's area only (HQ would otherwise get ~900 offices in one list)."""
    units = OrgUnit.objects.for_user(user).filter(is_active=True)
    area = chosen.area() if chosen.kind in (OrgUnitKind.AREA, OrgUnitKind.OFFICE) else None
    wanted = units.filter(kind__in=[OrgUnitKind.HQ, OrgUnitKind.REGION, OrgUnitKind.AREA])
    offices = units.none()
    if area is not None:
        offices = units.filter(kind=OrgUnitKind.OFFICE, path__startswith=area.path)
    elif units.filter(kind=OrgUnitKind.AREA).count() <= 1:
        offices = units.filter(kind=OrgUnitKind.OFFICE)
    picked = list((wanted | offices).order_by("path"))
    if chosen.pk not in {u.pk for u in picked}:
        picked.append(chosen)
    return [PickerOption(u, LEVEL_OF_KIND[u.kind], u.pk == chosen.pk) for u in picked]


def children_of(unit: OrgUnit) -> list[OrgUnit]:
    """The units one level down, for drilling in (none under an office)."""
    return list(unit.children.filter(is_active=True).order_by("path"))


def fy_choices(user: User, fy: int) -> list[int]:
    from crmplus.keyaccounts.models import KeyAccount

    years = set(KeyAccount.objects.for_user(user).values_list("fy", flat=True).distinct())
    now = current_fy()
    return sorted(years | {now, now - 1, fy}, reverse=True)


def newest_fy_with_data(user: User) -> int | None:
    """The newest fiscal year with approved key accounts in the user's scope."""
    from crmplus.keyaccounts.models import KeyAccount

    return KeyAccount.objects.for_user(user).aggregate(m=Max("fy"))["m"]


def sees_everything(user: User) -> bool:
    return unit_ids_for(user) is None


def ancestors_in_scope(user: User, unit: OrgUnit) -> list[OrgUnit]:
    """The breadcrumb above `unit`: only the units the user may open."""
    ids = unit_ids_for(user)
    return [u for u in unit.ancestors() if ids is None or u.pk in ids]
