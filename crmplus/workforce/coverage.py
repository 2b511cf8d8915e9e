"""Coverage of offices by KAMRs (M-3.2 KAMR rule 2), as read by the dashboard and the
change screens:

- every branch office class 1–3 has at least one KAMR;
- an office under the minimum key-account points (6, a key-account setting) is flagged:
  from the supplement floor (4) up, the selection engine adds supplement candidates
  (Status); below it no KAMR is required;
- key accounts without a responsible KAMR.

Office points come from the fiscal year's selection run (`OfficeResult`), the same
figure the key-account pages show.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.workforce.models import AccountAssignment, Appointment, AppointmentRole
from crmplus.workforce.selectors import BRANCH_1_TO_3, _in_unit

OK = "ok"  # at or above the minimum points
SUPPLEMENT = "supplement"  # between the floor and the minimum: supplement candidates
NONE_REQUIRED = "none_required"  # below the floor: no KAMR required
REVIEW = "review"  # a class 1–3 branch below the floor: it keeps its KAMR, review the list
UNKNOWN = "unknown"  # no selection run for the year
POINT_FLAGS = (OK, SUPPLEMENT, NONE_REQUIRED, REVIEW, UNKNOWN)
UNDER_MINIMUM = (SUPPLEMENT, NONE_REQUIRED, REVIEW)


def fy_choices(user: User) -> tuple[int, list[int]]:
    """Default fiscal year: the newest with approved key accounts in scope."""
    from crmplus.keyaccounts.models import KeyAccount

    now = fiscal_year(timezone.localdate())
    listed = set(KeyAccount.objects.for_user(user).values_list("fy", flat=True).distinct())
    default = max(listed) if listed else now
    return default, sorted(listed | {now}, reverse=True)


def selection_run(fy: int):
    from crmplus.keyaccounts.models import RunStatus, SelectionRun

    return (
        SelectionRun.objects.filter(fy=fy, is_draft=False, status=RunStatus.DONE)
        .order_by("-created_at", "-id")
        .first()
    )


def point_thresholds(fy: int) -> tuple[float, float]:
    from crmplus.keyaccounts.rules_settings import rules_for_fy

    rules = rules_for_fy(fy)
    return rules.office_minimum_points, rules.supplement_lower_points


def point_flag(
    points: float | None, minimum: float, floor: float, branch_1_to_3: bool = False
) -> str:
    """An office's points against the minimum (6) and the supplement floor (4). A class
    1–3 branch always keeps a KAMR (M-3.2 rule 2): below the floor it is for review."""
    if points is None:
        return UNKNOWN
    if points >= minimum:
        return OK
    if points >= floor:
        return SUPPLEMENT
    return REVIEW if branch_1_to_3 else NONE_REQUIRED


@dataclass
class OfficeRow:
    office: OrgUnit
    points: float | None
    key_accounts: int
    supplements: int
    kamrs: int
    flag: str
    needs_kamr: bool  # class 1–3 branch office

    @property
    def missing_kamr(self) -> bool:
        return self.needs_kamr and self.kamrs == 0


@dataclass
class Coverage:
    fy: int
    on: dt.date
    minimum: float
    floor: float
    run_id: int | None
    rows: list[OfficeRow] = field(default_factory=list)
    unassigned: int = 0
    key_accounts: int = 0

    @property
    def missing(self) -> list[OfficeRow]:
        return [r for r in self.rows if r.missing_kamr]

    @property
    def branch_offices(self) -> int:
        return sum(1 for r in self.rows if r.needs_kamr)

    @property
    def flags(self) -> Counter:
        return Counter(r.flag for r in self.rows)

    @property
    def under_minimum(self) -> list[OfficeRow]:
        return [r for r in self.rows if r.flag in UNDER_MINIMUM]


def office_coverage(
    *, user: User, fy: int, on: dt.date | None = None, unit: OrgUnit | None = None
) -> Coverage:
    """Every active office in scope with its points, KAMRs and flags."""
    from crmplus.keyaccounts.models import KeyAccount, OfficeResult

    on = on or timezone.localdate()
    minimum, floor = point_thresholds(fy)
    run = selection_run(fy)
    offices_qs = _offices_qs(user, unit)
    offices = list(offices_qs.order_by("path"))
    # Subqueries rather than IN lists of ~900 office ids (HQ scope): compiling the long
    # lists cost more than running the queries.
    ids = offices_qs.order_by().values("pk")
    results = {}
    if run is not None:
        results = {
            r.office_id: r
            for r in OfficeResult.objects.filter(run=run, office_id__in=ids).only(
                "office_id", "points", "supplements", "key_accounts"
            )
        }
    kamrs = dict(
        Appointment.objects.active_on(on)
        .filter(role=AppointmentRole.KAMR_OFFICE, unit_id__in=ids)
        .values("unit_id")
        .annotate(n=Count("employee_id", distinct=True))
        .values_list("unit_id", "n")
    )
    accounts = KeyAccount.objects.for_user(user).filter(fy=fy)
    accounts = _in_unit(accounts, unit, "owner")
    per_office = dict(
        accounts.exclude(owner__kind=OrgUnitKind.HQ)
        .values("office_id")
        .annotate(n=Count("id"))
        .values_list("office_id", "n")
    )
    coverage = Coverage(fy=fy, on=on, minimum=minimum, floor=floor, run_id=run.pk if run else None)
    for o in offices:
        r = results.get(o.pk)
        points = r.points if r is not None else None
        branch = o.office_class in BRANCH_1_TO_3
        coverage.rows.append(
            OfficeRow(
                office=o,
                points=points,
                key_accounts=per_office.get(o.pk, 0),
                supplements=r.supplements if r is not None else 0,
                kamrs=kamrs.get(o.pk, 0),
                flag=(
                    point_flag(points if points is not None else 0.0, minimum, floor, branch)
                    if run is not None
                    else UNKNOWN
                ),
                needs_kamr=branch,
            )
        )
    held = AccountAssignment.objects.filter(
        fy=fy, bp_id=OuterRef("bp_id"), office_id=OuterRef("office_id")
    ).open_on(on)
    coverage.key_accounts = accounts.count()
    coverage.unassigned = accounts.filter(~Exists(held)).count()
    return coverage


def _offices_qs(user: User, unit: OrgUnit | None):
    qs = OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.OFFICE, is_active=True)
    if unit is not None and not unit.is_hq:
        qs = qs.filter(path__startswith=unit.path)
    return qs


def warnings_for_unit(
    *, user: User, unit: OrgUnit, fy: int, on: dt.date | None = None
) -> list[str]:
    """Plain-language coverage warnings after a change touching `unit` (its office, or
    the offices of its area), shown on the change screens."""
    from django.utils.translation import gettext as _

    cov = office_coverage(user=user, fy=fy, on=on, unit=unit)
    out = []
    for row in cov.missing[:10]:
        out.append(
            _("%(office)s (%(cls)s) has no KAMR.")
            % {"office": row.office.name, "cls": row.office.get_office_class_display()}
        )
    if len(cov.missing) > 10:
        out.append(_("… and %(n)s more offices without a KAMR.") % {"n": len(cov.missing) - 10})
    if cov.unassigned:
        out.append(
            _("%(n)s key accounts of FY%(fy)s have no responsible KAMR.")
            % {"n": cov.unassigned, "fy": fy}
        )
    return out
