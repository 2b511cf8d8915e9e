"""Writes for free technical services. Screens, the API, the demo and tests call these.

    req = service_request_create(bp=bp, code="FMS4", requested_on=today, by=kamr)
    service_schedule(request=req, scheduled_for=day, staff=kamr, by=kamr)
    service_report_save(request=req, report={"summary": "…", "hot_spots": [...]}, by=kamr)
    service_complete(request=req, completed_on=day, by=kamr)
    service_acknowledge(request=req, ack_name="คุณวิภา", ack_date=day, by=kamr)

Booking goes through the entitlement check (crmplus.techservices.rules) of the
fiscal year of `requested_on`; a refusal is a ValidationError on "code" whose code
is the rule (e.g. "supplement_distinct") and whose message names the rule and what
to do. Over a quota, `exception_request` asks the area's approver; once approved,
one booking passes and uses it up. Any error leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.approvals.services import approval_submit
from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import OrgUnit, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.core.uploads import content_matches
from crmplus.customers.models import BusinessPartner, ContractAccount
from crmplus.techservices import rules as R
from crmplus.techservices import selectors
from crmplus.techservices.entitlements import (
    attachment_limits,
    benefit_label,
    refusal_message,
    rules_for_fy,
)
from crmplus.techservices.models import (
    EntitlementException,
    ExceptionStatus,
    PowerQualityProblem,
    PqKind,
    RequestStatus,
    ServiceAttachment,
    ServiceRequest,
)
from crmplus.techservices.report_data import report_clean, report_ready

EXCEPTION_KIND = "techservices.exception"
EXCEPTION_KIND_LABEL = gettext_lazy("Technical-service exception (over the yearly quota)")
WRITER_ROLES = {Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN, Role.HQ_ADMIN}
TEXT_MAX = 5000


# -- helpers ---------------------------------------------------------------------------
def _check_writer(user: User, office_id: int | None = None) -> None:
    require_write(user)
    if user.role not in WRITER_ROLES:
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and admins book technical services."))
    ids = unit_ids_for(user)
    if office_id is not None and ids is not None and office_id not in ids:
        raise PermissionDenied(_("This office is outside your organisation scope."))


def _text(value: Any, field: str, *, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": max_length}})
    return text


def _date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        value = value.strip()
        if not value:
            value = None
        else:
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                raise ValidationError({field: _("Enter a valid date.")}) from None
    if value is None:
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    if not isinstance(value, dt.date):
        raise ValidationError({field: _("Enter a valid date.")})
    if not 1900 < value.year < 2200:
        raise ValidationError({field: _("Give the date in the Christian era, e.g. 2026-12-31.")})
    return value


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


def _save(obj, by: User, reason: str) -> None:
    obj._change_reason = reason
    obj._history_user = by
    obj.save()


def _check_status(req: ServiceRequest, allowed: set[str], action: str) -> None:
    if req.status not in allowed:
        raise ValidationError(
            _("A request that is %(status)s cannot be %(action)s.")
            % {"status": req.get_status_display().lower(), "action": action}
        )


def _visible_bp(bp: BusinessPartner, by: User) -> None:
    if not BusinessPartner.objects.for_user(by).filter(pk=bp.pk).exists():
        raise ValidationError({"bp": _("This customer is outside your organisation scope.")})


def _code(code: Any) -> str:
    code = str(code or "").strip().upper()
    if code not in R.FMS_CODES:
        raise ValidationError({"code": _("Choose a service FMS1–FMS7.")})
    return code


# -- power-quality problems --------------------------------------------------------------
def pq_problem_record(
    *, bp: BusinessPartner, observed_on: Any, kind: Any, description: Any, by: User
) -> PowerQualityProblem:
    """Record a power-quality problem of a customer (what makes FMS6 possible)."""
    _check_writer(by)
    _visible_bp(bp, by)
    day = _date(observed_on, "observed_on")
    if day > timezone.localdate():
        raise ValidationError({"observed_on": _("The date cannot be in the future.")})
    kind = str(kind or "")
    if kind not in PqKind.values:
        raise ValidationError({"kind": _("Choose a kind of problem of the list.")})
    text = _text(description, "description", required=True)
    with transaction.atomic():
        problem = PowerQualityProblem(
            bp=bp, office=bp.home_office, observed_on=day, kind=kind, description=text,
            recorded_by=by,
        )  # fmt: skip
        _save(problem, by, "recorded")
    return problem


def pq_problem_resolve(
    *, problem: PowerQualityProblem, resolved_on: Any, by: User
) -> PowerQualityProblem:
    _check_writer(by)
    _visible_bp(problem.bp, by)
    day = _date(resolved_on, "resolved_on")
    if day < problem.observed_on:
        raise ValidationError({"resolved_on": _("A problem is resolved after it was observed.")})
    with transaction.atomic():
        problem.resolved_on = day
        _save(problem, by, "resolved")
    return problem


# -- booking -----------------------------------------------------------------------------
def _refuse(decision: R.Decision, rules: R.EntitlementRules, fy: int) -> ValidationError:
    return ValidationError(
        {"code": ValidationError(refusal_message(decision, rules, fy=fy), code=decision.rule)}
    )


def service_request_create(
    *,
    bp: BusinessPartner,
    code: Any,
    by: User,
    requested_on: Any = None,
    purpose: Any = "",
    contact_name: Any = "",
    ca: ContractAccount | None = None,
) -> ServiceRequest:
    """Book a free technical service, if the customer is entitled to it this fiscal year."""
    _check_writer(by)
    _visible_bp(bp, by)
    code = _code(code)
    day = _date(requested_on, "requested_on", required=False) or timezone.localdate()
    purpose = _text(purpose, "purpose")
    contact = _text(contact_name, "contact_name", max_length=200)
    if ca is not None and ca.bp_id != bp.pk:
        raise ValidationError({"ca": _("This contract account belongs to another customer.")})
    fy = fiscal_year(day)
    with transaction.atomic():
        # One booking at a time per customer: two racing bookings cannot both take the
        # last unit of a quota.
        BusinessPartner.objects.select_for_update().filter(pk=bp.pk).first()
        decision, rules, ka = selectors.entitlement_decision(bp_id=bp.pk, code=code, fy=fy, user=by)
        if not decision.allowed:
            raise _refuse(decision, rules, fy)
        ids = unit_ids_for(by)
        if ids is not None and ka.office_id not in ids and ka.owner_id not in ids:
            raise ValidationError(
                {"bp": _("This customer's key account is served by an office outside your scope.")}
            )
        exception = selectors.open_exception(bp.pk, fy, code) if decision.uses_exception else None
        req = ServiceRequest(
            bp=bp, ca=ca, office=ka.office, fy=fy, code=code, segment=ka.segment,
            supplement=ka.supplement, requested_on=day, purpose=purpose, contact_name=contact,
            exception=exception, created_by=by,
        )  # fmt: skip
        _save(req, by, "requested")
    return req


def service_schedule(
    *, request: ServiceRequest, scheduled_for: Any, staff: User | None, by: User
) -> ServiceRequest:
    """Fix (or move) the day of the service and who does it."""
    _check_writer(by, request.office_id)
    day = _date(scheduled_for, "scheduled_for")
    if staff is not None and (
        not staff.is_active or not User.objects.for_user(by).filter(pk=staff.pk).exists()
    ):
        raise ValidationError({"staff": _("Choose a person of your organisation scope.")})
    with transaction.atomic():
        req = _locked(request)
        _check_status(req, {RequestStatus.REQUESTED, RequestStatus.SCHEDULED}, _("scheduled"))
        if day < req.requested_on:
            raise ValidationError({"scheduled_for": _("The service comes after the request.")})
        req.scheduled_for, req.staff = day, staff or req.staff or by
        req.status = RequestStatus.SCHEDULED
        _save(req, by, "scheduled")
    request.refresh_from_db()
    return request


def service_report_save(*, request: ServiceRequest, report: Any, by: User) -> ServiceRequest:
    """Save the report of a scheduled or done service (before the customer acknowledges)."""
    _check_writer(by, request.office_id)
    clean = report_clean(request.code, report)
    with transaction.atomic():
        req = _locked(request)
        _check_status(req, {RequestStatus.SCHEDULED, RequestStatus.DONE}, _("reported on"))
        if req.ack_date:
            raise ValidationError(_("The customer has acknowledged this report: it is final."))
        req.report = clean
        _save(req, by, "report")
    request.refresh_from_db()
    return request


def service_complete(
    *, request: ServiceRequest, completed_on: Any, by: User, report: Any = None
) -> ServiceRequest:
    """Mark a scheduled service done; it needs its report (a summary, and the peak for FMS2)."""
    _check_writer(by, request.office_id)
    day = _date(completed_on, "completed_on")
    if day > timezone.localdate():
        raise ValidationError({"completed_on": _("The date cannot be in the future.")})
    clean = report_clean(request.code, report) if report is not None else None
    with transaction.atomic():
        req = _locked(request)
        _check_status(req, {RequestStatus.SCHEDULED}, _("completed"))
        if clean is not None:
            req.report = clean
        report_ready(req.code, req.report or {})
        if day < req.requested_on:
            raise ValidationError({"completed_on": _("The service comes after the request.")})
        req.status, req.completed_on = RequestStatus.DONE, day
        _save(req, by, "done")
    request.refresh_from_db()
    return request


def service_acknowledge(
    *, request: ServiceRequest, ack_name: Any, ack_date: Any, by: User
) -> ServiceRequest:
    """Record who at the customer acknowledged the done service's report, and when."""
    _check_writer(by, request.office_id)
    name = _text(ack_name, "ack_name", required=True, max_length=200)
    day = _date(ack_date, "ack_date")
    with transaction.atomic():
        req = _locked(request)
        _check_status(req, {RequestStatus.DONE}, _("acknowledged"))
        if req.completed_on and day < req.completed_on:
            raise ValidationError({"ack_date": _("The customer acknowledges after the service.")})
        req.ack_name, req.ack_date = name, day
        _save(req, by, "acknowledged")
    request.refresh_from_db()
    return request


def service_cancel(*, request: ServiceRequest, reason: Any, by: User) -> ServiceRequest:
    """Cancel a request not yet done; it no longer counts against the quota."""
    _check_writer(by, request.office_id)
    reason = _text(reason, "cancel_reason", required=True, max_length=500)
    with transaction.atomic():
        req = _locked(request)
        _check_status(req, {RequestStatus.REQUESTED, RequestStatus.SCHEDULED}, _("cancelled"))
        req.status, req.cancel_reason = RequestStatus.CANCELLED, reason
        _save(req, by, "cancelled")
    request.refresh_from_db()
    return request


# -- attachments -------------------------------------------------------------------------
def attachment_add(
    *, request: ServiceRequest, file: File, by: User, note: Any = ""
) -> ServiceAttachment:
    """Attach a file (a type and size the fiscal year's settings allow) to a request."""
    _check_writer(by, request.office_id)
    note = _text(note, "note", max_length=300)
    if request.status == RequestStatus.CANCELLED:
        raise ValidationError(_("A cancelled request takes no attachments."))
    types, max_mb = attachment_limits(request.fy)
    name = (getattr(file, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in types:
        raise ValidationError(
            {"file": _("%(name)s: only these file types: %(types)s.")
             % {"name": name, "types": ", ".join(types)}}
        )  # fmt: skip
    size = getattr(file, "size", None) or 0
    if size <= 0:
        raise ValidationError({"file": _("%(name)s is empty.") % {"name": name}})
    if size > max_mb * 1024 * 1024:
        raise ValidationError(
            {"file": _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": max_mb}}
        )
    if not content_matches(file, ext):
        raise ValidationError(
            {"file": _("%(name)s is not a real %(type)s file.") % {"name": name, "type": ext}}
        )
    with transaction.atomic():
        att = ServiceAttachment(
            request=request, file_name=name, file_type=ext, size=size, note=note, added_by=by
        )
        att.file.save(name, file, save=False)
        _save(att, by, "added")
    return att


def attachment_delete(*, attachment: ServiceAttachment, by: User) -> None:
    _check_writer(by, attachment.request.office_id)
    if attachment.request.ack_date:
        raise ValidationError(_("The customer has acknowledged this report: it is final."))
    with transaction.atomic():
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name) if name else None)


# -- exceptions over a quota ----------------------------------------------------------------
def exception_request(
    *, bp: BusinessPartner, code: Any, fy: int, justification: Any, by: User
) -> EntitlementException:
    """Ask the area's approver for one booking over a yearly quota."""
    _check_writer(by)
    _visible_bp(bp, by)
    code = _code(code)
    justification = _text(justification, "justification", required=True)
    if len(justification) < 10:
        raise ValidationError({"justification": _("Say why the customer needs this service.")})
    try:
        fy = int(fy)
    except (TypeError, ValueError):
        raise ValidationError({"fy": _("Enter a fiscal year, e.g. 2569.")}) from None
    with transaction.atomic():
        BusinessPartner.objects.select_for_update().filter(pk=bp.pk).first()
        decision, rules, ka = selectors.entitlement_decision(bp_id=bp.pk, code=code, fy=fy, user=by)
        if decision.allowed and not decision.uses_exception:
            raise ValidationError(
                {"code": _("No exception is needed: this service can be booked.")}
            )
        if decision.uses_exception:
            raise ValidationError(
                {"code": _("An approved exception for this service is waiting to be used.")}
            )
        if not decision.exceptionable:
            raise ValidationError(
                {"code": _("No exception is possible for this rule: %(why)s")
                 % {"why": refusal_message(decision, rules, fy=fy)}}
            )  # fmt: skip
        if selectors.pending_exception(bp.pk, fy, code) is not None:
            raise ValidationError({"code": _("An exception for this service is already waiting.")})
        exc = EntitlementException(
            bp=bp, office=ka.office, fy=fy, code=code, rule=decision.rule,
            justification=justification, requested_by=by,
        )  # fmt: skip
        _save(exc, by, "requested")
        approval_submit(
            subject=exc,
            kind=EXCEPTION_KIND,
            unit=_approval_unit(ka.office, by),
            title=_("Service exception FY%(fy)s: %(service)s for %(customer)s")
            % {
                "fy": fy,
                "service": benefit_label(rules_for_fy(fy), code),
                "customer": bp.name_th or bp.bp_number,
            },
            summary=f"{refusal_message(decision, rules, fy=fy)}\n\n{justification}",
            by=by,
        )
    return exc


def _approval_unit(office: OrgUnit, by: User) -> OrgUnit:
    """The key account's office, or the requester's own unit when that office is outside
    the requester's scope (an HQ-owned account booked by its office)."""
    ids = unit_ids_for(by)
    return office if ids is None or office.pk in ids else by.home_unit


def _set_status(status: str):
    def callback(subject: EntitlementException, request, by: User) -> None:
        subject.status = status
        _save(subject, by, status)

    return callback


def register_exception_kind() -> None:
    from crmplus.approvals.registry import register_kind

    register_kind(
        EXCEPTION_KIND,
        label=EXCEPTION_KIND_LABEL,
        on_approved=_set_status(ExceptionStatus.APPROVED),
        on_rejected=_set_status(ExceptionStatus.REJECTED),
        on_withdrawn=_set_status(ExceptionStatus.WITHDRAWN),
    )
