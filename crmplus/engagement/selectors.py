"""Reads of visits, Tele CRM contacts and KAM plans; every one starts from for_user."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import get_language

from crmplus.core.fiscal import fiscal_year, fiscal_year_bounds
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.engagement.models import KamPlan, KamPlanLine, TeleCrmEntry, Visit, VisitStatus
from crmplus.engagement.rules import fy_month_start
from crmplus.engagement.services_plans import VISIT_CODE, plan_codes
from crmplus.workforce.models import Employee

logger = logging.getLogger(__name__)

VISIT_SORTS = {
    "date": ("starts_at", "id"),
    "-date": ("-starts_at", "-id"),
    "customer": ("bp__name_th", "starts_at"),
    "-customer": ("-bp__name_th", "-starts_at"),
    "office": ("office__path", "starts_at"),
    "-office": ("-office__path", "-starts_at"),
    "status": ("status", "-starts_at"),
    "-status": ("-status", "-starts_at"),
}
TELE_SORTS = {
    "date": ("at", "id"),
    "-date": ("-at", "-id"),
    "customer": ("bp__name_th", "-at"),
    "-customer": ("-bp__name_th", "-at"),
    "kind": ("kind", "-at"),
    "-kind": ("-kind", "-at"),
}
PLAN_SORTS = {
    "customer": ("bp__name_th", "id"),
    "-customer": ("-bp__name_th", "-id"),
    "office": ("office__path", "bp__name_th"),
    "-office": ("-office__path", "bp__name_th"),
    "status": ("status", "bp__name_th"),
    "-status": ("-status", "bp__name_th"),
    "budget": ("budget", "id"),
    "-budget": ("-budget", "id"),
}


def units_for_filter(user: User) -> list[OrgUnit]:
    """Areas and offices a user may filter by (their own subtree)."""
    qs = OrgUnit.objects.for_user(user).filter(
        kind__in=[OrgUnitKind.AREA, OrgUnitKind.OFFICE, OrgUnitKind.HQ], is_active=True
    )
    return list(qs.order_by("path")[:2000])


def in_unit(qs: QuerySet, unit: OrgUnit | None, field: str = "office") -> QuerySet:
    if unit is None:
        return qs
    return qs.filter(**{f"{field}__path__startswith": unit.path})


def user_employee(user: User) -> Employee | None:
    try:
        return user.employee
    except Employee.DoesNotExist:
        return None
    except AttributeError:
        return None


def day_start(day: dt.date) -> dt.datetime:
    """Local midnight at the start of `day` (aware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def visits_for(
    *,
    user: User,
    q: str = "",
    status: str = "",
    mode: str = "",
    unit: OrgUnit | None = None,
    kamr: Employee | None = None,
    mine: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    fy: int | None = None,
    sort: str = "-date",
) -> QuerySet:
    qs = Visit.objects.for_user(user).select_related("bp", "office", "kamr")
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q)
            | Q(bp__name_th__icontains=q)
            | Q(bp__name_en__icontains=q)
            | Q(objective__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if mode:
        qs = qs.filter(mode=mode)
    if fy:
        qs = qs.filter(fy=fy)
    qs = in_unit(qs, unit)
    if kamr is not None:
        qs = qs.filter(Q(kamr=kamr) | Q(staff=kamr)).distinct()
    if mine:
        qs = qs.of_user(user)
    # Local-day bounds as datetimes, not `__date`: a date cast of every row defeats the
    # indexes on starts_at (and is a Python function per row on SQLite).
    if date_from:
        qs = qs.filter(starts_at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(starts_at__lt=day_start(date_to + dt.timedelta(days=1)))
    return qs.order_by(*VISIT_SORTS.get(sort, VISIT_SORTS["-date"]))


def telecrm_for(
    *,
    user: User,
    q: str = "",
    kind: str = "",
    unit: OrgUnit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    bp=None,
    sort: str = "-date",
) -> QuerySet:
    qs = TeleCrmEntry.objects.for_user(user).select_related("bp", "office", "by")
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q)
            | Q(bp__name_th__icontains=q)
            | Q(bp__name_en__icontains=q)
            | Q(summary__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if bp is not None:
        qs = qs.filter(bp=bp)
    qs = in_unit(qs, unit)
    if date_from:
        qs = qs.filter(at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=day_start(date_to + dt.timedelta(days=1)))
    return qs.order_by(*TELE_SORTS.get(sort, TELE_SORTS["-date"]))


def plans_for(
    *,
    user: User,
    fy: int,
    q: str = "",
    status: str = "",
    unit: OrgUnit | None = None,
    sort: str = "customer",
) -> QuerySet:
    qs = KamPlan.objects.for_user(user).filter(fy=fy).select_related("bp", "office", "owner")
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    qs = in_unit(qs, unit, "owner")
    # A correlated subquery, not a join + GROUP BY: the page (and its COUNT) then reads
    # only the plans it shows instead of grouping every plan line of the year first.
    visit_lines = (
        KamPlanLine.objects.filter(plan=OuterRef("pk"), code=VISIT_CODE)
        .order_by()
        .values("plan")
        .annotate(n=Sum("planned"))
        .values("n")
    )
    qs = qs.annotate(planned_visits=Subquery(visit_lines))
    return qs.order_by(*PLAN_SORTS.get(sort, PLAN_SORTS["customer"]))


def key_accounts_without_plan(*, user: User, fy: int, q: str = "") -> QuerySet:
    from crmplus.keyaccounts.models import KeyAccount

    planned = KamPlan.objects.filter(fy=fy).values("bp_id")
    qs = (
        KeyAccount.objects.for_user(user)
        .filter(fy=fy)
        .exclude(bp_id__in=planned)
        .select_related("bp", "office")
        .order_by("bp__name_th")
    )
    if q:
        qs = qs.filter(Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q))
    return qs


# -- plan vs actual --------------------------------------------------------------------
@dataclass
class PlanRow:
    code: str
    label: str
    family: str
    planned: list[int]  # 12 months, October first
    actual: list[int] | None  # None: not tracked month by month
    planned_total: int = 0
    actual_total: int | None = None
    months: list[tuple[int, int | None]] = field(default_factory=list)


def _benefit_labels() -> dict[str, tuple[str, str]]:
    from crmplus.techservices.catalogue import default_benefits

    lang = "en" if get_language() == "en" else "th"
    return {b.code: (str(b.family), b.label(lang)) for b in default_benefits()}


def done_services(bp_ids: list[int], fy: int) -> dict[tuple[int, str], int] | None:
    """Done free technical services per (BP, FMS code), or None if not available yet."""
    try:
        from crmplus.techservices.selectors import done_service_counts
    except ImportError:
        return None
    try:
        return done_service_counts(bp_ids, fy)
    except Exception:  # noqa: BLE001 - the plan page must not fail with the services app
        logger.exception("done_service_counts failed for FY%s", fy)
        return None


def visits_done_by_month(bp_id: int, office_id: int | None, fy: int) -> list[int]:
    start, end = fiscal_year_bounds(fy)
    qs = Visit.objects.filter(bp_id=bp_id, status=VisitStatus.DONE, fy=fy)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    counts = [0] * 12
    rows = (
        qs.annotate(m=ExtractMonth("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("m")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[(row["m"] - 10) % 12] += row["n"]
    return counts


def plan_vs_actual(plan: KamPlan) -> tuple[list[PlanRow], bool]:
    """Rows of the plan grid: planned per month, and what was done.

    Visits: done visits month by month; RBA and COM: the activities recorded on the
    plan, month by month. Free technical services (FMS): the yearly count of done
    services (from the techservices app) against the yearly plan.
    Returns (rows, services_available).
    """
    planned: dict[str, list[int]] = {}
    for line in plan.lines.all():
        planned.setdefault(line.code, [0] * 12)[line.month - 1] = line.planned
    labels = _benefit_labels()
    services = done_services([plan.bp_id], plan.fy)
    activities: dict[str, list[int]] = {}
    for a in plan.activities.all():
        activities.setdefault(a.code, [0] * 12)[(a.date.month - 10) % 12] += 1
    rows = []
    for code in plan_codes():
        if code not in planned and code not in activities and code != VISIT_CODE:
            continue
        months = planned.get(code, [0] * 12)
        if code == VISIT_CODE:
            from django.utils.translation import gettext as _

            actual = visits_done_by_month(plan.bp_id, plan.office_id, plan.fy)
            row = PlanRow(code, _("Visits"), "VISIT", months, actual, sum(months), sum(actual))
        else:
            family, label = labels.get(code, ("", code))
            total, actual = None, None
            if family == "FMS" and services is not None:
                total = services.get((plan.bp_id, code), 0)
            elif family in ("RBA", "COM"):
                actual = activities.get(code, [0] * 12)
                total = sum(actual)
            row = PlanRow(code, label, family, months, actual, sum(months), total)
        row.months = list(zip(row.planned, row.actual or [None] * 12, strict=True))
        rows.append(row)
    return rows, services is not None


def month_short(day: dt.date) -> str:
    """`ต.ค. 63` in Thai (Buddhist era), `Oct 20` in English."""
    from crmplus.core.fiscal import EN_MONTHS_SHORT, TH_MONTHS_SHORT

    if get_language() == "en":
        return f"{EN_MONTHS_SHORT[day.month - 1]} {day.year % 100:02d}"
    return f"{TH_MONTHS_SHORT[day.month - 1]} {(day.year + 543) % 100:02d}"


def fy_month_labels(fy: int) -> list[str]:
    return [month_short(fy_month_start(fy, i)) for i in range(1, 13)]


# -- dashboard -------------------------------------------------------------------------
def visits_plan_vs_actual(*, unit_ids, fy: int) -> dict:
    """Planned visits (KAM plans) vs done visits per month for the dashboard's units.

    Two aggregate queries, whatever the scope: the plan lines summed per month, and one
    pass over the year's planned/done visits counting each month and the upcoming ones
    with conditional counts on `starts_at` ranges (index fy, status, starts_at). No
    per-row month extraction or date cast: on SQLite those are Python functions called
    for every row (the nation has ~16,000 visits a year).
    """
    # order_by(): KamPlanLine's default ordering goes through the plan to its owner and
    # customer, which would join two more tables into the aggregate.
    lines = KamPlanLine.objects.filter(plan__fy=fy, code=VISIT_CODE).order_by()
    visits = Visit.objects.filter(fy=fy).order_by()
    if unit_ids is not None:
        lines = lines.filter(plan__owner_id__in=unit_ids)
        visits = visits.filter(office_id__in=unit_ids)
    planned = [0] * 12
    for row in lines.values("month").annotate(n=Sum("planned")):
        planned[row["month"] - 1] = row["n"] or 0
    today = timezone.localdate()
    bounds = [day_start(fy_month_start(fy, i)) for i in range(1, 13)]
    bounds.append(day_start(fiscal_year_bounds(fy)[1] + dt.timedelta(days=1)))
    done_q = Q(status=VisitStatus.DONE)
    counts = visits.filter(status__in=[VisitStatus.DONE, VisitStatus.PLANNED]).aggregate(
        upcoming=Count("id", filter=Q(status=VisitStatus.PLANNED, starts_at__gte=day_start(today))),
        **{
            f"m{i}": Count(
                "id", filter=done_q & Q(starts_at__gte=bounds[i], starts_at__lt=bounds[i + 1])
            )
            for i in range(12)
        },
    )
    done = [counts[f"m{i}"] or 0 for i in range(12)]
    start, end = fiscal_year_bounds(fy)
    return {
        "fy": fy,
        "start": start,
        "end": end,
        "months": fy_month_labels(fy),
        "planned": planned,
        "done": done,
        "rows": list(zip(fy_month_labels(fy), planned, done, strict=True)),
        "planned_total": sum(planned),
        "done_total": sum(done),
        "upcoming": counts["upcoming"] or 0,
        "is_current": fy == fiscal_year(today),
    }
