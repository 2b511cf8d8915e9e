"""Writes of the key-account selection: runs, overrides, list submission and approval."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from crmplus.approvals.registry import register_kind
from crmplus.approvals.services import approval_submit
from crmplus.billing.models import BillingExtract
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.customers.models import BusinessPartner
from crmplus.keyaccounts import inputs
from crmplus.keyaccounts.analytics import SelectionResult, select_key_accounts
from crmplus.keyaccounts.models import (
    Candidate,
    KeyAccount,
    ListStatus,
    OfficeResult,
    ProposedList,
    RunStatus,
    Segment,
    SelectionRun,
)
from crmplus.keyaccounts.rules import SelectionRules
from crmplus.keyaccounts.rules_settings import rules_for_fy

logger = logging.getLogger(__name__)
LIST_KIND = "keyaccounts.list"
RUN_ROLES = {Role.HQ_ADMIN}
DRAFT_ROLES = {Role.HQ_ADMIN, Role.AREA_ADMIN}
SUBMIT_ROLES = {Role.HQ_ADMIN, Role.AREA_ADMIN}
OVERRIDE_ROLES = {Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN, Role.HQ_ADMIN}
EDITABLE_LIST = {ListStatus.DRAFT, ListStatus.REJECTED}

Progress = Callable[[int, str], None]


def previous_extract_for(extract: BillingExtract) -> BillingExtract | None:
    return BillingExtract.objects.filter(fy=extract.fy - 1).order_by("-uploaded_at", "-id").first()


def engine_run(
    *,
    billing: pl.LazyFrame,
    billing_fy: int,
    rules: SelectionRules,
    previous: pl.LazyFrame | None = None,
    keep_all_pairs: bool = False,
) -> SelectionResult:
    """The engine on an extract with the database's org, HQ customers and attributes.

    The task and `manage.py hvc_run` both come through here: one list for one input.
    """
    return select_key_accounts(
        billing,
        rules=rules,
        previous=previous,
        attributes=inputs.attributes_frame(billing_fy),
        hq_bps=inputs.hq_bps(),
        offices=inputs.offices_frame(),
        keep_all_pairs=keep_all_pairs,
    )


def selection_run_create(
    *,
    fy: int,
    extract: BillingExtract,
    by: User,
    rules: SelectionRules | None = None,
    is_draft: bool = False,
    compare_to: SelectionRun | None = None,
    note: str = "",
    enqueue: bool = True,
) -> SelectionRun:
    """Queue a run of the selection for key-account fiscal year `fy`.

    Without `rules` the settings in force for `fy` are used. Other rules make a what-if
    draft, which can be compared with another run but never submitted.
    """
    require_write(by)
    allowed = DRAFT_ROLES if (is_draft or rules is not None) else RUN_ROLES
    if by.role not in allowed:
        raise PermissionDenied(_("You may not start a key-account selection."))
    if not 2400 < fy < 2700:
        raise ValidationError({"fy": _("Give the fiscal year in Buddhist era, e.g. 2570.")})
    source = _("settings of FY%(fy)s") % {"fy": fy}
    if rules is None:
        rules = rules_for_fy(fy)
    else:
        is_draft = True
        source = _("draft rules")
    run = SelectionRun.objects.create(
        fy=fy,
        extract=extract,
        previous_extract=previous_extract_for(extract),
        rules=rules.to_dict(),
        rules_source=source,
        is_draft=is_draft,
        compare_to=compare_to,
        created_by=by,
        note=note[:300],
    )
    if enqueue:
        from crmplus.keyaccounts.tasks import selection_run_task

        transaction.on_commit(lambda: selection_run_task.enqueue(run.pk))
    return run


def _progress_writer(run_id: int, also: Progress | None) -> Progress:
    def write(percent: int, text: str) -> None:
        SelectionRun.objects.filter(pk=run_id).update(progress=percent, progress_text=text)
        if also is not None:
            also(percent, text)

    return write


def selection_run_execute(*, run_id: int, progress: Progress | None = None) -> SelectionRun:
    """Run a queued selection (the task's body). A second call does nothing."""
    claimed = SelectionRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=5
    )
    run = SelectionRun.objects.select_related("extract", "previous_extract").get(pk=run_id)
    if not claimed:
        return run
    report = _progress_writer(run_id, progress)
    try:
        report(10, "reading the billing extract and pooling GM")
        started = time.monotonic()
        previous = run.previous_extract
        result = engine_run(
            billing=pl.scan_parquet(run.extract.path),
            billing_fy=run.extract.fy,
            rules=SelectionRules.from_dict(run.rules),
            previous=pl.scan_parquet(previous.path) if previous else None,
        )
        engine_seconds = time.monotonic() - started
        report(70, "storing the proposed key accounts")
        with transaction.atomic():
            summary = _store(run, result)
            summary["engine_seconds"] = round(engine_seconds, 2)
            SelectionRun.objects.filter(pk=run_id).update(
                status=RunStatus.DONE,
                finished_at=timezone.now(),
                progress=100,
                progress_text="",
                summary=summary,
            )
    except Exception as e:  # the run records why; the worker goes on
        logger.exception("selection run %s failed", run_id)
        SelectionRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=str(e)[:2000]
        )
    run.refresh_from_db()
    return run


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 2)))


def _store(run: SelectionRun, result: SelectionResult) -> dict:
    units = {
        u.code: u
        for u in OrgUnit.objects.filter(kind__in=[OrgUnitKind.OFFICE, OrgUnitKind.HQ]).only(
            "id", "code", "path", "kind"
        )
    }
    areas = {u.path: u.pk for u in OrgUnit.objects.filter(kind=OrgUnitKind.AREA)}
    hq = next(u for u in units.values() if u.kind == OrgUnitKind.HQ)

    def area_of(unit: OrgUnit) -> int:
        parts = unit.path.strip("/").split("/")
        for depth in range(len(parts) - 1, 0, -1):
            found = areas.get("/" + "/".join(parts[:depth]) + "/")
            if found:
                return found
        return hq.pk

    numbers = [f"{bp}" for bp in result.accounts["bp"].to_list()]
    bp_ids = dict(
        BusinessPartner.objects.filter(bp_number__in=numbers).values_list("bp_number", "id")
    )
    rows, missing_office = [], 0
    for row in result.accounts.iter_rows(named=True):
        office = units.get(row["office"])
        if office is None:
            missing_office += 1
            continue
        owner = hq if row["owner"] == "HQ" else office
        rows.append(
            Candidate(
                run=run,
                bp_number=str(row["bp"]),
                bp_id=bp_ids.get(str(row["bp"])),
                office=office,
                owner=owner,
                owner_area_id=hq.pk if owner is hq else area_of(office),
                rank=row["rank"],
                gm=_money(row["gm"]),
                pooled_gm=_money(row["pooled_gm"]),
                pooled_cas=row["pooled_cas"],
                n_cas=row["n_cas"],
                n_pooled=row["n_pooled"],
                kwh=row["kwh"],
                demand_kw=row["demand_kw"],
                prev_gm=_money(row["prev_gm"]),
                gm_growth=row["gm_growth"],
                tenure_years=row["tenure_years"],
                satisfaction=row["satisfaction"],
                risk_level=row["risk_level"],
                attractiveness=row["attractiveness"],
                strength=row["strength"],
                segment=row["segment"],
                supplement=row["supplement"],
                points=row["points"],
                explain_en=row["explain_en"],
                explain_th=row["explain_th"],
            )
        )
    # With a first history row each, so an override later shows its before and after.
    bulk_create_with_history(
        rows, Candidate, batch_size=1000, default_change_reason=f"selection run #{run.pk}"
    )
    offices = [
        OfficeResult(
            run=run,
            office=units[o["office"]],
            area_id=area_of(units[o["office"]]),
            key_accounts=o["key_accounts"],
            supplements=o["supplements"],
            points=o["points"],
            status=o["status"],
        )
        for o in result.offices.iter_rows(named=True)
        if o["office"] in units
    ]
    OfficeResult.objects.bulk_create(offices, batch_size=1000)
    per_area: Counter = Counter(c.owner_area_id for c in rows)
    if not run.is_draft:
        ProposedList.objects.bulk_create(
            ProposedList(run=run, unit_id=area_id, accounts=count)
            for area_id, count in sorted(per_area.items())
        )
    return {
        "key_accounts": len(rows),
        "supplements": sum(1 for c in rows if c.supplement),
        "not_in_registry": sum(1 for c in rows if c.bp_id is None),
        "unknown_offices": missing_office,
        "considered_pairs": result.considered_pairs,
        "segments": dict(Counter(c.segment for c in rows)),
        "office_status": dict(Counter(o.status for o in offices)),
    }


def candidate_override(*, candidate: Candidate, segment: str, reason: str, by: User) -> Candidate:
    """Propose another segment for an account (or clear the proposal with segment="")."""
    require_write(by)
    if by.role not in OVERRIDE_ROLES:
        raise PermissionDenied(_("You may not propose segment changes."))
    ids = unit_ids_for(by)
    if ids is not None and candidate.owner_id not in ids:
        raise PermissionDenied(_("This account is outside your organisation scope."))
    if candidate.run.is_draft:
        raise ValidationError(_("A what-if draft cannot be changed; override on a real run."))
    plist = ProposedList.objects.filter(
        run_id=candidate.run_id, unit_id=candidate.owner_area_id
    ).first()
    if plist is not None and plist.status not in EDITABLE_LIST:
        raise ValidationError(
            _("The list is %(status)s: segments can no longer be changed.")
            % {"status": plist.get_status_display()}
        )
    reason = (reason or "").strip()
    if segment and segment not in Segment.values:
        raise ValidationError({"segment": _("Choose one of the four segments.")})
    if segment == candidate.segment:
        segment = ""  # the computed segment needs no override
    if segment and not reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    with transaction.atomic():
        candidate.override_segment = segment
        candidate.override_reason = reason if segment else ""
        candidate.override_by = by if segment else None
        candidate.override_at = timezone.now() if segment else None
        candidate._change_reason = reason[:100] if segment else "override cleared"
        candidate.save()
    return candidate


def list_submit(*, plist: ProposedList, by: User, comment: str = "") -> ProposedList:
    """Send a unit's proposed list to its approver (HQ → HQ approver; area → the area's)."""
    require_write(by)
    if by.role not in SUBMIT_ROLES:
        raise PermissionDenied(_("Only an area or HQ administrator submits key-account lists."))
    run = plist.run
    if run.is_draft or run.status != RunStatus.DONE:
        raise ValidationError(_("Only a finished run (not a what-if draft) can be submitted."))
    if plist.status not in EDITABLE_LIST:
        raise ValidationError(_("This list has already been submitted."))
    missing = plist.candidates().filter(bp=None).count()
    if missing:
        raise ValidationError(
            _(
                "%(n)s customers of this list are not in the customer registry: "
                "import them before submitting."
            )
            % {"n": missing}
        )
    busy = (
        ProposedList.objects.filter(
            run__fy=run.fy, unit_id=plist.unit_id, status=ListStatus.SUBMITTED
        )
        .exclude(pk=plist.pk)
        .exists()
    )
    if busy:
        raise ValidationError(_("Another list of this unit for this year is waiting for approval."))
    counts = Counter(
        c.final_segment for c in plist.candidates().only("segment", "override_segment")
    )
    summary = ", ".join(f"{Segment(s).label} {counts[s]}" for s in Segment.values if counts[s])
    with transaction.atomic():
        approval_submit(
            subject=plist,
            kind=LIST_KIND,
            unit=plist.unit,
            title=_("Key-account list FY%(fy)s, %(unit)s (%(n)s accounts)")
            % {"fy": run.fy, "unit": plist.unit.name, "n": plist.accounts},
            summary=summary,
            by=by,
            comment=comment,
        )
        plist.status = ListStatus.SUBMITTED
        plist.save()
    return plist


def _on_approved(plist: ProposedList, request, by: User) -> None:
    """The approved list becomes the key-account status of its unit for the year."""
    run = plist.run
    now = timezone.now()
    old_lists = (
        KeyAccount.objects.filter(fy=run.fy, owner_area_id=plist.unit_id)
        .values_list("source_list", flat=True)
        .distinct()
    )
    ProposedList.objects.filter(pk__in=list(old_lists)).exclude(pk=plist.pk).update(
        status=ListStatus.SUPERSEDED
    )
    KeyAccount.objects.filter(fy=run.fy, owner_area_id=plist.unit_id).delete()
    KeyAccount.objects.bulk_create(
        [
            KeyAccount(
                fy=run.fy,
                bp_id=c.bp_id,
                office_id=c.office_id,
                owner_id=c.owner_id,
                owner_area_id=c.owner_area_id,
                segment=c.final_segment,
                supplement=c.supplement,
                overridden=bool(c.override_segment),
                source_list=plist,
                candidate=c,
                approved_at=now,
            )
            for c in plist.candidates().exclude(bp=None)
        ],
        batch_size=1000,
    )
    plist.status = ListStatus.APPROVED
    plist._change_reason = "approved"
    plist.save()


def _on_rejected(plist: ProposedList, request, by: User) -> None:
    plist.status = ListStatus.REJECTED
    plist.save()


def _on_withdrawn(plist: ProposedList, request, by: User) -> None:
    plist.status = ListStatus.DRAFT
    plist.save()


register_kind(
    LIST_KIND,
    label=gettext_lazy("Key-account list"),
    on_approved=_on_approved,
    on_rejected=_on_rejected,
    on_withdrawn=_on_withdrawn,
)
