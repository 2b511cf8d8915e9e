"""Early warnings from billing: the run over a year's key accounts, and what people do.

    summary = early_warnings_run(fy=2564)          # the task and `manage.py risk_warnings`
    warning_queue(warning=w, by=kamr)              # the account goes on "to reassess"
    warning_dismiss(warning=w, note="…", by=kamr)  # a note is required

The run reads the latest billing extract of fy-1 (this year) and of fy-2 (last year) for
the approved key accounts of list year `fy` (crmplus.risk.warnings, pure Polars). It is
idempotent: one warning per (fy, BP, office, kind); a re-run refreshes the figures of an
open or queued warning and never reopens a dismissed one.
"""

from __future__ import annotations

import time
from typing import Any

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.billing.models import BillingExtract
from crmplus.core.models import User
from crmplus.core.permissions import require_write
from crmplus.core.scoping import unit_ids_for
from crmplus.core.settings_registry import rule_get
from crmplus.keyaccounts.models import KeyAccount
from crmplus.risk.models_warnings import (
    DEMAND_CHANGE_KEY,
    KWH_DROP_KEY,
    MIN_MONTHS_KEY,
    EarlyWarning,
    WarningKind,
    WarningStatus,
)
from crmplus.risk.services import ASSESS_ROLES, TEXT_MAX
from crmplus.risk.warnings import billing_warnings

HANDLE_ROLES = ASSESS_ROLES


def latest_extract(fy: int) -> BillingExtract | None:
    return BillingExtract.objects.filter(fy=fy).order_by("-uploaded_at", "-id").first()


def warning_settings(fy: int) -> dict[str, float]:
    return {
        "kwh_drop_pct": float(rule_get(KWH_DROP_KEY, fy)),
        "demand_change_pct": float(rule_get(DEMAND_CHANGE_KEY, fy)),
        "min_months": int(rule_get(MIN_MONTHS_KEY, fy)),
    }


def _figures(row: dict, params: dict, this: BillingExtract, last: BillingExtract):
    return {
        "months": row["months"],
        "kwh_this": row["kwh_this_12"],
        "kwh_last": row["kwh_last_12"],
        "peak_this": row["peak_this_12"],
        "peak_last": row["peak_last_12"],
        "months_common": row["months_common"],
        "kwh_this_total": row["kwh_this"],
        "kwh_last_total": row["kwh_last"],
        "kwh_drop_pct": row["kwh_drop_pct"],
        "lf_this": row["lf_this"],
        "lf_last": row["lf_last"],
        "lf_change_pct": row["lf_change_pct"],
        "settings": params,
        "extract_this": {"id": this.pk, "fy": this.fy},
        "extract_last": {"id": last.pk, "fy": last.fy},
    }


def early_warnings_run(*, fy: int, by: User | None = None) -> dict[str, Any]:
    """Create or refresh the warnings of list year `fy`; a summary of what happened."""
    started = time.monotonic()
    this, last = latest_extract(fy - 1), latest_extract(fy - 2)
    summary: dict[str, Any] = {"fy": fy, "created": 0, "refreshed": 0, "unchanged": 0,
                               "kept_dismissed": 0, "checked": 0, "flagged": 0}  # fmt: skip
    if this is None or last is None:
        summary["skipped"] = f"no billing extract of FY{fy - 1} and FY{fy - 2}"
        return summary
    kas = list(KeyAccount.objects.filter(fy=fy).select_related("bp", "office").order_by("id"))
    by_pair = {(int(ka.bp.bp_number), ka.office.code): ka for ka in kas}
    pairs = pl.DataFrame(list(by_pair), schema={"bp": pl.Int64, "office": pl.String}, orient="row")
    params = warning_settings(fy)
    frame = billing_warnings(
        pl.scan_parquet(this.path), pl.scan_parquet(last.path), pairs=pairs, **params
    )
    summary["checked"] = frame.height
    flagged = frame.filter(pl.col("kwh_flag") | pl.col("demand_flag"))
    existing = {
        (w.bp_id, w.office_id, w.kind): w
        for w in EarlyWarning.objects.filter(fy=fy, bp__in=[ka.bp_id for ka in kas])
    }
    with transaction.atomic():
        for row in flagged.iter_rows(named=True):
            ka = by_pair[(row["bp"], row["office"])]
            for kind, flag, prefix in (
                (WarningKind.KWH_DROP, "kwh_flag", "kwh"),
                (WarningKind.DEMAND_CHANGE, "demand_flag", "demand"),
            ):
                if not row[flag]:
                    continue
                summary["flagged"] += 1
                values = {
                    "owner_id": ka.owner_id,
                    "figures": _figures(row, params, this, last),
                    "reason_th": row[f"{prefix}_reason_th"],
                    "reason_en": row[f"{prefix}_reason_en"],
                }
                w = existing.get((ka.bp_id, ka.office_id, kind))
                if w is None:
                    w = EarlyWarning(fy=fy, bp_id=ka.bp_id, office_id=ka.office_id, kind=kind)
                    for k, v in values.items():
                        setattr(w, k, v)
                    w._change_reason = "flagged by the billing check"
                    w._history_user = by
                    w.save()
                    summary["created"] += 1
                elif w.status == WarningStatus.DISMISSED:
                    summary["kept_dismissed"] += 1
                elif all(getattr(w, k) == v for k, v in values.items()):
                    summary["unchanged"] += 1
                else:
                    for k, v in values.items():
                        setattr(w, k, v)
                    w._change_reason = "refreshed by the billing check"
                    w._history_user = by
                    w.save()
                    summary["refreshed"] += 1
    summary["extracts"] = [this.pk, last.pk]
    summary["seconds"] = round(time.monotonic() - started, 2)
    return summary


def _check_handler(warning: EarlyWarning, by: User) -> None:
    require_write(by)
    if by.role not in HANDLE_ROLES:
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and area admins handle warnings."))
    ids = unit_ids_for(by)
    if ids is not None and warning.owner_id not in ids:
        raise PermissionDenied(_("This account is outside your organisation scope."))


def warning_queue(*, warning: EarlyWarning, by: User) -> EarlyWarning:
    """Put the account on the "to reassess" list (from open)."""
    _check_handler(warning, by)
    if warning.status != WarningStatus.OPEN:
        raise ValidationError(_("Only an open warning can be queued for reassessment."))
    with transaction.atomic():
        warning.status = WarningStatus.REASSESSMENT_QUEUED
        warning.handled_by, warning.handled_at = by, timezone.now()
        warning._change_reason = "queued for reassessment"
        warning._history_user = by
        warning.save()
    return warning


def warning_dismiss(*, warning: EarlyWarning, note: str, by: User) -> EarlyWarning:
    """Close the warning as not a sign of losing the customer; the note says why."""
    _check_handler(warning, by)
    text = "" if note is None else str(note).strip()
    if "\x00" in text:
        raise ValidationError({"note": _("Text cannot contain NUL characters.")})
    if not text:
        raise ValidationError({"note": _("Say why the warning is dismissed.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({"note": _("At most %(n)s characters, please.") % {"n": TEXT_MAX}})
    if warning.status == WarningStatus.DISMISSED:
        raise ValidationError(_("This warning is already dismissed."))
    with transaction.atomic():
        warning.status = WarningStatus.DISMISSED
        warning.dismissed_note = text
        warning.handled_by, warning.handled_at = by, timezone.now()
        warning._change_reason = "dismissed"
        warning._history_user = by
        warning.save()
    return warning
