"""Writes for visits, follow-ups and Tele CRM. Screens, the calendar, the API and the
demo loader call these; none repeats their rules.

    visit = visit_plan(bp=bp, starts_at=when, mode="onsite", objective_code="needs",
                       objective="Discuss the new line", by=kamr_user)
    visit_reschedule(visit=visit, starts_at=later, reason="Customer asked", by=kamr_user)
    visit_record_outcome(visit=visit, attendees_pea="…", attendees_customer="…",
                         topics="…", customer_needs="…", by=kamr_user,
                         followups=[{"description": "Send TOU offer", "owner": kamr_user,
                                     "due_date": date(2026, 12, 1)}])
    telecrm_log(bp=bp, kind="inquiry", at=now, summary="Asked about the bill", by=kamr_user)

Rules, in one place: only Onsite and Online meeting are planned (Tele CRM is logged,
never planned); every visit has an objective from the catalogue (free text required
for "other"); the customer and the visit's office are in the writer's scope; a
reschedule or a cancellation says why and is kept in the visit's changes; the outcome
of a done visit gives its expense per the fiscal year's expense rules. Any error
leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.customers.models import BusinessPartner
from crmplus.engagement.models import (
    TELE_MODE,
    FollowUp,
    TeleChannel,
    TeleCrmEntry,
    TeleKind,
    Visit,
    VisitChange,
    VisitChangeKind,
    VisitMode,
    VisitStatus,
)
from crmplus.engagement.rules import OTHER_OBJECTIVE, visit_expense
from crmplus.engagement.rules_settings import expense_rules_for_fy, objectives_for_fy
from crmplus.workforce.models import Employee

WRITER_ROLES = {Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN, Role.HQ_ADMIN}
TEXT_MAX = 5000
OBJECTIVE_MAX = Visit._meta.get_field("objective").max_length
LOCATION_MAX = Visit._meta.get_field("location").max_length
MAX_STAFF = 20
MAX_FOLLOWUPS = 30


# -- helpers ---------------------------------------------------------------------------
def text(value: Any, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    out = "" if value is None else str(value).strip()
    if "\x00" in out:
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not out:
        raise ValidationError({field: _("This field is required.")})
    if len(out) > max_length:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": max_length}})
    return out


def as_date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: _("Enter a valid date.")}) from None
    if not isinstance(value, dt.date):
        raise ValidationError({field: _("This field is required.")})
    if not 1900 < value.year < 2200:
        raise ValidationError({field: _("Give the date in the Christian era, e.g. 2026-12-31.")})
    return value


def as_datetime(value: Any, field: str) -> dt.datetime:
    if isinstance(value, str) and value.strip():
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: _("Enter a valid date and time.")}) from None
    if not isinstance(value, dt.datetime):
        raise ValidationError({field: _("This field is required.")})
    if not 1900 < value.year < 2200:
        raise ValidationError({field: _("Give the date in the Christian era, e.g. 2026-12-31.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def in_scope(user: User, unit_id: int) -> bool:
    ids = unit_ids_for(user)
    return ids is None or unit_id in ids


def can_write(user: User) -> bool:
    return bool(user.is_authenticated and user.can_write and user.role in WRITER_ROLES)


def check_writer(by: User, unit_id: int | None = None) -> None:
    require_write(by)
    if by.role not in WRITER_ROLES:
        raise PermissionDenied(
            _("Only KAMRs, Senior KAMRs and CRM admins record visits and contacts.")
        )
    if unit_id is not None and not in_scope(by, unit_id):
        raise PermissionDenied(_("This account is outside your organisation scope."))


def _save(obj, by: User, reason: str) -> None:
    obj._history_user = by
    obj._change_reason = reason
    obj.save()


def key_account_of(bp: BusinessPartner, day: dt.date, user: User | None = None):
    """The key-account row of the BP for the date's fiscal year (or its latest year)."""
    from crmplus.keyaccounts.models import KeyAccount

    qs = KeyAccount.objects.filter(bp=bp)
    if user is not None:
        qs = qs.for_user(user)
    fy = fiscal_year(day)
    return (
        qs.filter(fy=fy).order_by("pk").first()
        or qs.filter(fy__lte=fy).order_by("-fy", "pk").first()
    )


def resolve_office(
    bp: BusinessPartner, day: dt.date, by: User, office: OrgUnit | None = None
) -> tuple[OrgUnit, str]:
    """The unit that owns the contact (the scope) and the customer's segment.

    The key account's owner when the BP is a key account the writer sees, else the
    customer's home office.
    """
    ka = key_account_of(bp, day, by)
    if office is None:
        office = ka.owner if ka is not None else bp.home_office
    if office is None:
        raise ValidationError({"office": _("Choose the office responsible for this customer.")})
    return office, (ka.segment if ka is not None else "")


def responsible_kamr(bp: BusinessPartner, office: OrgUnit, day: dt.date) -> Employee | None:
    from crmplus.workforce.models import AccountAssignment

    row = (
        AccountAssignment.objects.open_on(day)
        .filter(bp=bp, unit=office)
        .select_related("employee")
        .order_by("-fy", "-start")
        .first()
    )
    return row.employee if row else None


def _check_employee(emp: Any, field: str, by: User) -> Employee:
    if not isinstance(emp, Employee) or emp.pk is None:
        raise ValidationError({field: _("Choose a staff member.")})
    if not emp.is_active:
        raise ValidationError({field: _("%(name)s is not active.") % {"name": emp.name}})
    if not Employee.objects.for_user(by).filter(pk=emp.pk).exists() and not (
        emp.user_id and emp.user_id == by.pk
    ):
        raise ValidationError(
            {field: _("%(name)s is outside your organisation scope.") % {"name": emp.name}}
        )
    return emp


def _check_objective(code: Any, objective: Any, fy: int) -> tuple[str, str]:
    code = "" if code is None else str(code).strip()
    free = text(objective, "objective", max_length=OBJECTIVE_MAX)
    if not code and not free:
        raise ValidationError({"objective_code": _("Every visit needs an objective.")})
    codes = [c for c, _th, _en in objectives_for_fy(fy)]
    if not code:
        code = OTHER_OBJECTIVE
    if code not in codes:
        raise ValidationError({"objective_code": _("Choose an objective from the list.")})
    if code == OTHER_OBJECTIVE and not free:
        raise ValidationError({"objective": _("Describe the objective of the visit.")})
    return code, free


def _check_mode(mode: Any) -> str:
    mode = "" if mode is None else str(mode).strip().lower()
    if mode in {TELE_MODE, "tele_crm", "telecrm"}:
        raise ValidationError(
            {
                "mode": _(
                    "Tele CRM contacts are logged, not planned: choose Onsite or Online meeting."
                )
            }
        )
    if mode not in VisitMode.values:
        raise ValidationError({"mode": _("Choose Onsite or Online meeting.")})
    return mode


def _check_duration(value: Any) -> int:
    try:
        minutes = int(value or 60)
    except (TypeError, ValueError):
        raise ValidationError({"duration_minutes": _("Enter a whole number of minutes.")}) from None
    if not 15 <= minutes <= 720:
        raise ValidationError({"duration_minutes": _("A visit lasts 15 minutes to 12 hours.")})
    return minutes


def _locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update().get(pk=visit.pk)


# -- visits ----------------------------------------------------------------------------
def visit_plan(
    *,
    bp: BusinessPartner,
    starts_at: dt.datetime,
    mode: str,
    objective_code: str = "",
    objective: str = "",
    by: User,
    kamr: Employee | None = None,
    staff: Iterable[Employee] = (),
    office: OrgUnit | None = None,
    duration_minutes: int = 60,
    location: str = "",
) -> Visit:
    """Plan an Onsite or Online-meeting visit. Tele CRM is a log, never a plan."""
    check_writer(by)
    mode = _check_mode(mode)
    starts_at = as_datetime(starts_at, "starts_at")
    day = timezone.localtime(starts_at).date()
    fy = fiscal_year(day)
    code, free = _check_objective(objective_code, objective, fy)
    if not BusinessPartner.objects.for_user(by).filter(pk=bp.pk).exists():
        raise ValidationError({"bp": _("This customer is outside your organisation scope.")})
    office, segment = resolve_office(bp, day, by, office)
    check_writer(by, office.pk)
    if kamr is None:
        kamr = getattr(by, "employee", None) if _has_employee(by) else None
        kamr = kamr or responsible_kamr(bp, office, day)
    if kamr is None:
        raise ValidationError({"kamr": _("Choose the KAMR responsible for the visit.")})
    kamr = _check_employee(kamr, "kamr", by)
    staff = list(staff or [])
    if len(staff) > MAX_STAFF:
        raise ValidationError({"staff": _("At most %(n)s staff members.") % {"n": MAX_STAFF}})
    staff = [_check_employee(e, "staff", by) for e in staff if e.pk != kamr.pk]
    visit = Visit(
        fy=fy,
        bp=bp,
        office=office,
        segment=segment,
        kamr=kamr,
        mode=mode,
        starts_at=starts_at,
        duration_minutes=_check_duration(duration_minutes),
        location=text(location, "location", max_length=LOCATION_MAX),
        objective_code=code,
        objective=free,
        created_by=by,
    )
    with transaction.atomic():
        _save(visit, by, "planned")
        if staff:
            visit.staff.set(staff)
    return visit


def _has_employee(user: User) -> bool:
    try:
        return user.employee is not None
    except Employee.DoesNotExist:
        return False


def visit_update(
    *,
    visit: Visit,
    by: User,
    mode: str | None = None,
    objective_code: str | None = None,
    objective: str | None = None,
    kamr: Employee | None = None,
    staff: Iterable[Employee] | None = None,
    duration_minutes: int | None = None,
    location: str | None = None,
) -> Visit:
    """Change a planned visit's details (not its date: that is a reschedule)."""
    check_writer(by, visit.office_id)
    with transaction.atomic():
        row = _locked(visit)
        if row.status != VisitStatus.PLANNED:
            raise ValidationError(_("Only a planned visit can change."))
        if mode is not None:
            row.mode = _check_mode(mode)
        if objective_code is not None or objective is not None:
            row.objective_code, row.objective = _check_objective(
                row.objective_code if objective_code is None else objective_code,
                row.objective if objective is None else objective,
                row.fy,
            )
        if kamr is not None:
            row.kamr = _check_employee(kamr, "kamr", by)
        if duration_minutes is not None:
            row.duration_minutes = _check_duration(duration_minutes)
        if location is not None:
            row.location = text(location, "location", max_length=LOCATION_MAX)
        _save(row, by, "updated")
        if staff is not None:
            members = [_check_employee(e, "staff", by) for e in staff if e.pk != row.kamr_id]
            row.staff.set(members[:MAX_STAFF])
    visit.refresh_from_db()
    return visit


def visit_reschedule(*, visit: Visit, starts_at: dt.datetime, reason: str, by: User) -> Visit:
    """Move a planned visit to another time, saying why (kept in its changes)."""
    check_writer(by, visit.office_id)
    starts_at = as_datetime(starts_at, "starts_at")
    reason = text(reason, "reason", required=True)
    with transaction.atomic():
        row = _locked(visit)
        if row.status != VisitStatus.PLANNED:
            raise ValidationError(_("Only a planned visit can be rescheduled."))
        if row.starts_at == starts_at:
            raise ValidationError({"starts_at": _("Choose a different date or time.")})
        VisitChange.objects.create(
            visit=row,
            kind=VisitChangeKind.RESCHEDULED,
            old_starts_at=row.starts_at,
            new_starts_at=starts_at,
            reason=reason,
            by=by,
        )
        row.starts_at = starts_at
        row.fy = fiscal_year(timezone.localtime(starts_at).date())
        _save(row, by, "rescheduled")
    visit.refresh_from_db()
    return visit


def visit_cancel(*, visit: Visit, reason: str, by: User) -> Visit:
    """Cancel a planned visit, saying why."""
    check_writer(by, visit.office_id)
    reason = text(reason, "reason", required=True)
    with transaction.atomic():
        row = _locked(visit)
        if row.status != VisitStatus.PLANNED:
            raise ValidationError(_("Only a planned visit can be cancelled."))
        VisitChange.objects.create(
            visit=row,
            kind=VisitChangeKind.CANCELLED,
            old_starts_at=row.starts_at,
            reason=reason,
            by=by,
        )
        row.status = VisitStatus.CANCELLED
        row.cancel_reason = reason
        _save(row, by, "cancelled")
    visit.refresh_from_db()
    return visit


def _distance(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        km = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError({"distance_km": _("Enter a number of kilometres.")}) from None
    if not km.is_finite() or km < 0 or km > 5000:
        raise ValidationError({"distance_km": _("Enter a distance from 0 to 5,000 km.")})
    return km.quantize(Decimal("0.1"))


def _followup_fields(data: dict, visit: Visit, i: int | None = None) -> dict:
    prefix = f"followups.{i}." if i is not None else ""
    description = text(data.get("description"), prefix + "description", required=True)
    due = as_date(data.get("due_date"), prefix + "due_date")
    owner = data.get("owner")
    if not isinstance(owner, User) or owner.pk is None:
        raise ValidationError({prefix + "owner": _("Choose who owns the follow-up.")})
    if not owner.is_active or not owner.can_write or not in_scope(owner, visit.office_id):
        raise ValidationError(
            {prefix + "owner": _("%(name)s cannot see this visit: choose someone in its scope.")
             % {"name": owner.get_full_name() or owner.get_username()}}
        )  # fmt: skip
    return {"description": description, "due_date": due, "owner": owner}


def visit_record_outcome(
    *,
    visit: Visit,
    by: User,
    attendees_pea: str,
    attendees_customer: str,
    topics: str,
    customer_needs: str = "",
    outcome_note: str = "",
    distance_km: Any = None,
    followups: Iterable[dict] = (),
) -> Visit:
    """Record what happened: who attended on both sides, the topics, the customer's
    needs, follow-up actions (owner, due date) and the expense per the year's rules."""
    check_writer(by, visit.office_id)
    fields = {
        "attendees_pea": text(attendees_pea, "attendees_pea", required=True),
        "attendees_customer": text(attendees_customer, "attendees_customer", required=True),
        "topics": text(topics, "topics", required=True),
        "customer_needs": text(customer_needs, "customer_needs"),
        "outcome_note": text(outcome_note, "outcome_note"),
    }
    km = _distance(distance_km)
    followups = [f for f in followups if any(str(v or "").strip() for v in f.values())]
    if len(followups) > MAX_FOLLOWUPS:
        raise ValidationError({"followups": _("Too many follow-up actions.")})
    rows = [_followup_fields(f, visit, i) for i, f in enumerate(followups)]
    with transaction.atomic():
        row = _locked(visit)
        if row.status == VisitStatus.CANCELLED:
            raise ValidationError(_("A cancelled visit has no outcome."))
        if row.starts_at > timezone.now() + dt.timedelta(hours=12):
            raise ValidationError(
                {"starts_at": _("This visit is still ahead: record its outcome after it.")}
            )
        for name, value in fields.items():
            setattr(row, name, value)
        row.distance_km = km
        row.expense, row.expense_rule = visit_expense(row.mode, km, expense_rules_for_fy(row.fy))
        if row.status != VisitStatus.DONE:
            row.done_at = timezone.now()
        row.status = VisitStatus.DONE
        _save(row, by, "outcome")
        for data in rows:
            followup = FollowUp(visit=row, **data)
            _save(followup, by, "added")
    visit.refresh_from_db()
    return visit


# -- follow-ups ------------------------------------------------------------------------
def followup_add(
    *, visit: Visit, description: str, owner: User, due_date: dt.date, by: User
) -> FollowUp:
    check_writer(by, visit.office_id)
    data = _followup_fields(
        {"description": description, "owner": owner, "due_date": due_date}, visit
    )
    with transaction.atomic():
        row = _locked(visit)
        if row.status == VisitStatus.CANCELLED:
            raise ValidationError(_("A cancelled visit has no follow-up actions."))
        followup = FollowUp(visit=row, **data)
        _save(followup, by, "added")
    return followup


def followup_set_done(*, followup: FollowUp, done: bool, by: User) -> FollowUp:
    """Tick a follow-up as done (or open it again)."""
    check_writer(by, followup.visit.office_id)
    with transaction.atomic():
        row = FollowUp.objects.select_for_update().get(pk=followup.pk)
        row.done = bool(done)
        row.done_at = timezone.now() if done else None
        _save(row, by, "done" if done else "reopened")
    followup.refresh_from_db()
    return followup


# -- Tele CRM --------------------------------------------------------------------------
def telecrm_log(
    *,
    bp: BusinessPartner,
    kind: str,
    summary: str,
    by: User,
    at: dt.datetime | None = None,
    channel: str = TeleChannel.PHONE,
    contact_name: str = "",
    office: OrgUnit | None = None,
) -> TeleCrmEntry:
    """Log a phone or chat contact with the customer (never a planned visit)."""
    check_writer(by)
    kind = str(kind or "").strip()
    if kind not in TeleKind.values:
        raise ValidationError(
            {"kind": _("Choose inquiry, job-status follow-up, problem solving or news.")}
        )
    channel = str(channel or TeleChannel.PHONE).strip()
    if channel not in TeleChannel.values:
        raise ValidationError({"channel": _("Choose a channel of the list.")})
    at = timezone.now() if at in (None, "") else as_datetime(at, "at")
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(
            {"at": _("A Tele CRM contact is logged after it happens, never planned ahead.")}
        )
    summary = text(summary, "summary", required=True)
    contact_name = text(contact_name, "contact_name", max_length=200)
    if not BusinessPartner.objects.for_user(by).filter(pk=bp.pk).exists():
        raise ValidationError({"bp": _("This customer is outside your organisation scope.")})
    day = timezone.localtime(at).date()
    office, segment = resolve_office(bp, day, by, office)
    check_writer(by, office.pk)
    entry = TeleCrmEntry(
        fy=fiscal_year(day),
        bp=bp,
        office=office,
        segment=segment,
        kind=kind,
        channel=channel,
        at=at,
        contact_name=contact_name,
        summary=summary,
        by=by,
    )
    with transaction.atomic():
        _save(entry, by, "logged")
    return entry
