"""Reads of technical services: entitlement facts for a booking, usage, lists, counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from crmplus.core.fiscal import fiscal_year, fiscal_year_bounds
from crmplus.core.models import User
from crmplus.core.scoping import unit_ids_for
from crmplus.keyaccounts.models import SEGMENT_ORDER, KeyAccount
from crmplus.techservices import rules as R
from crmplus.techservices.entitlements import benefit_label, rules_for_fy, segment_label
from crmplus.techservices.models import (
    EntitlementException,
    ExceptionStatus,
    PowerQualityProblem,
    RequestStatus,
    ServiceRequest,
)


def current_fy() -> int:
    return fiscal_year(timezone.localdate())


def key_account_for(bp_id: int, fy: int, user: User | None = None) -> KeyAccount | None:
    """The customer's approved key account of `fy` that a booking uses.

    A BP may be a key account at several offices: prefer one in the user's scope,
    then the user's own office, then the strongest segment (a supplement last).
    """
    rows = list(KeyAccount.objects.filter(fy=fy, bp_id=bp_id).select_related("office"))
    if not rows:
        return None
    ids = unit_ids_for(user) if user is not None else None
    home = user.home_unit_id if user is not None else None

    def rank(ka: KeyAccount) -> tuple:
        in_scope = ids is None or ka.office_id in ids or ka.owner_id in ids
        return (
            not in_scope,
            ka.office_id != home,
            ka.supplement,
            SEGMENT_ORDER.index(ka.segment) if ka.segment in SEGMENT_ORDER else 9,
            ka.pk,
        )

    return sorted(rows, key=rank)[0]


def has_pq_problem(bp_id: int, fy: int) -> bool:
    """A power-quality problem recorded by the end of `fy` and not resolved before it began."""
    start, end = fiscal_year_bounds(fy)
    return (
        PowerQualityProblem.objects.filter(bp_id=bp_id, observed_on__lte=end)
        .filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=start))
        .exists()
    )


def booked_counts(bp_id: int, fy: int, exclude_pk: int | None = None) -> dict[str, int]:
    """Requests per service code of the customer in `fy`, cancelled ones left out."""
    qs = ServiceRequest.objects.counting().filter(bp_id=bp_id, fy=fy)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return dict(qs.values_list("code").annotate(n=Count("id")).values_list("code", "n"))


def open_exception(bp_id: int, fy: int, code: str) -> EntitlementException | None:
    """An approved exception not yet used by a booking."""
    return (
        EntitlementException.objects.filter(
            bp_id=bp_id, fy=fy, code=code, status=ExceptionStatus.APPROVED, used_by__isnull=True
        )
        .order_by("pk")
        .first()
    )


def pending_exception(bp_id: int, fy: int, code: str) -> EntitlementException | None:
    return (
        EntitlementException.objects.filter(
            bp_id=bp_id, fy=fy, code=code, status=ExceptionStatus.PENDING
        )
        .order_by("pk")
        .first()
    )


def entitlement_decision(
    *, bp_id: int, code: str, fy: int, user: User | None = None
) -> tuple[R.Decision, R.EntitlementRules, KeyAccount | None]:
    """The entitlement check for booking `code` for the customer in `fy`."""
    rules = rules_for_fy(fy)
    ka = key_account_for(bp_id, fy, user)
    decision = R.check(
        rules,
        segment=ka.segment if ka else None,
        supplement=bool(ka and ka.supplement),
        pq_problem=has_pq_problem(bp_id, fy),
        booked=booked_counts(bp_id, fy),
        code=code,
        has_exception=open_exception(bp_id, fy, code) is not None,
    )
    return decision, rules, ka


def done_service_counts(bp_ids: Iterable[int], fy: int) -> dict[tuple[int, str], int]:
    """Done services per (BP id, FMS code) in `fy`: KAM plans compare them with the plan."""
    ids = list(bp_ids)
    if not ids:
        return {}
    rows = (
        ServiceRequest.objects.filter(fy=fy, status=RequestStatus.DONE, bp_id__in=ids)
        .values("bp_id", "code")
        .annotate(n=Count("id"))
    )
    return {(r["bp_id"], r["code"]): r["n"] for r in rows}


def customer_usage(bp_id: int, fy: int, user: User | None = None) -> dict[str, Any]:
    """The customer's entitlement use in `fy`: its key account and used/quota per service."""
    rules = rules_for_fy(fy)
    ka = key_account_for(bp_id, fy, user)
    booked = booked_counts(bp_id, fy)
    done = dict(
        ServiceRequest.objects.filter(bp_id=bp_id, fy=fy, status=RequestStatus.DONE)
        .values_list("code")
        .annotate(n=Count("id"))
        .values_list("code", "n")
    )
    rows = []
    if ka is not None:
        rows = R.usage(rules, segment=ka.segment, supplement=ka.supplement, booked=booked)
        for row in rows:
            row["done"] = done.get(row["code"], 0)
            row["over"] = row["quota"] is not None and row["used"] > row["quota"]
            row["label"] = benefit_label(rules, row["code"])
    distinct = sorted(c for c, n in booked.items() if n)
    return {
        "fy": fy,
        "ka": ka,
        "segment_label": segment_label(ka.segment, ka.supplement) if ka else "",
        "rules": rules,
        "rows": rows,
        "distinct": distinct,
        "supplement_max": rules.supplement_max_distinct,
        "pq": has_pq_problem(bp_id, fy),
    }


SORTS = {
    "requested": ("requested_on", "id"),
    "-requested": ("-requested_on", "-id"),
    "scheduled": ("scheduled_for", "id"),
    "-scheduled": ("-scheduled_for", "-id"),
    "code": ("code", "-requested_on", "id"),
    "-code": ("-code", "-requested_on", "id"),
    "customer": ("bp__name_th", "id"),
    "-customer": ("-bp__name_th", "-id"),
    "status": ("status", "-requested_on", "id"),
    "-status": ("-status", "-requested_on", "id"),
}


def request_list(
    *,
    user: User,
    fy: int | None = None,
    code: str = "",
    status: str = "",
    office: Any = None,
    q: str = "",
    overdue: bool = False,
    sort: str = "",
) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.for_user(user).select_related("bp", "office", "staff")
    if fy:
        qs = qs.filter(fy=fy)
    if code:
        qs = qs.filter(code=code)
    if status:
        qs = qs.filter(status=status)
    if office is not None:
        qs = qs.filter(office__path__startswith=office.path)
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(bp__bp_number__contains=q) | Q(bp__name_th__icontains=q) | Q(bp__name_en__icontains=q)
        )
    if overdue:
        qs = overdue_filter(qs, timezone.localdate())
    return qs.order_by(*SORTS.get(sort, SORTS["-requested"]))


def overdue_filter(qs: QuerySet, today: dt.date) -> QuerySet:
    """Scheduled for a day already past and not done."""
    return qs.filter(status=RequestStatus.SCHEDULED, scheduled_for__lt=today)


def counts_by_code(unit_ids: Any, fy: int) -> list[dict[str, Any]]:
    """Requests per service code and status in the units (a dashboard panel)."""
    rows = (
        ServiceRequest.objects.filter(fy=fy, office__in=unit_ids)
        .values("code", "status")
        .annotate(n=Count("id"))
    )
    table: dict[str, dict[str, int]] = {}
    for r in rows:
        table.setdefault(r["code"], {})[r["status"]] = r["n"]
    return [
        {
            "code": code,
            "requested": table.get(code, {}).get(RequestStatus.REQUESTED, 0),
            "scheduled": table.get(code, {}).get(RequestStatus.SCHEDULED, 0),
            "done": table.get(code, {}).get(RequestStatus.DONE, 0),
            "cancelled": table.get(code, {}).get(RequestStatus.CANCELLED, 0),
        }
        for code in R.FMS_CODES
    ]
