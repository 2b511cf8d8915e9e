"""Writes for billing extracts: import (check, store, record) and delete.

The UI's background job, `manage.py billing_import` and tests all call these.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from crmplus.billing.extract import (
    SUFFIXES,
    ExtractReport,
    normalise_extract,
    scan_extract,
    validate_extract,
    write_extract,
)
from crmplus.billing.messages import report_summary
from crmplus.billing.models import EXTRACT_DIR, BillingExtract
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.permissions import require_hq_admin

MAX_EXAMPLES = 20
# B.E. fiscal years an extract may be for (a CE year such as 2026 is a typo).
FY_MIN, FY_MAX = 2500, 2700

Progress = Callable[[str, dict], None]


class ExtractRejected(Exception):
    """The file broke the format (docs/billing-extract-format.md); nothing was stored."""

    def __init__(self, report: ExtractReport):
        self.report = report
        super().__init__(report_summary(report))


# What else still needs an extract: other apps register a function that names the
# records using it (key-account selection runs hold it by a PROTECT foreign key,
# which is also caught below; this is for uses that are not foreign keys).
ReferenceCheck = Callable[[BillingExtract], Iterable[str]]
_REFERENCE_CHECKS: list[ReferenceCheck] = []


def extract_reference_check_register(check: ReferenceCheck) -> ReferenceCheck:
    """Register `check(extract) -> labels of what uses it`; usable as a decorator."""
    if check not in _REFERENCE_CHECKS:
        _REFERENCE_CHECKS.append(check)
    return check


def extract_reference_check_unregister(check: ReferenceCheck) -> None:
    if check in _REFERENCE_CHECKS:
        _REFERENCE_CHECKS.remove(check)


def extract_references(extract: BillingExtract) -> list[str]:
    return [str(label) for check in _REFERENCE_CHECKS for label in check(extract)]


def office_codes() -> set[str]:
    """Every office code of the tree, closed offices too (old extracts name them)."""
    return set(OrgUnit.objects.filter(kind=OrgUnitKind.OFFICE).values_list("code", flat=True))


def fy_check(fy: int) -> None:
    if not FY_MIN <= int(fy) <= FY_MAX:
        raise ValidationError(
            {
                "fy": _(
                    "A fiscal year is a Buddhist-era year such as 2569 "
                    "(FY2569 = October 2025 to September 2026)."
                )
            }
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def billing_extract_import(
    *,
    source: str | Path,
    fy: int,
    by: User | None,
    name: str = "",
    note: str = "",
    original_name: str = "",
    progress: Progress | None = None,
) -> BillingExtract:
    """Check an extract, store it as normalised Parquet and record it: all or nothing.

    `by` None is the command line (no user); otherwise an HQ admin. Raises
    ExtractRejected (with the report) when the file breaks the format.
    """
    if by is not None:
        require_hq_admin(by)
    fy_check(fy)
    source = Path(source)
    original_name = Path(original_name or source.name).name[:255]
    if Path(original_name).suffix.lower() not in SUFFIXES or source.suffix.lower() not in SUFFIXES:
        raise ValidationError({"file": _("Upload a .parquet or .csv file.")})
    report_progress = progress or (lambda phase, info: None)

    report_progress("validating", {})
    lf = scan_extract(source)
    report = validate_extract(
        lf, fy=fy, office_codes=office_codes(), max_examples=MAX_EXAMPLES, count_bps=True
    )
    if not report.ok:
        raise ExtractRejected(report)

    report_progress("writing", {"rows": report.rows})
    relative = f"{EXTRACT_DIR}/{fy}/{uuid.uuid4().hex}.parquet"
    final = Path(settings.MEDIA_ROOT) / relative
    # Written beside its final place (same file system), so the move is a rename.
    staged = final.with_name(f".{final.stem}.staged")
    moved = False
    try:
        write_extract(normalise_extract(lf), staged)
        extract = BillingExtract(
            fy=fy,
            name=(name.strip() or Path(original_name).stem)[:200],
            file=relative,
            original_name=original_name,
            sha256=_sha256(staged),
            size_bytes=os.path.getsize(staged),
            rows=report.rows,
            cas=report.cas,
            bps=report.bps,
            months=report.months,
            total_kwh=_money(report.totals["kwh"]),
            total_gm=_money(report.totals["gm"]),
            total_revenue=_money(report.totals["revenue"]),
            note=note.strip(),
            uploaded_by=by,
        )
        extract._history_user = by
        extract._change_reason = _("imported from %(name)s") % {"name": original_name}
        with transaction.atomic():
            extract.save()
            os.replace(staged, final)
            moved = True
    except BaseException:
        # The row rolled back (or was never written): its file goes too.
        if moved:
            final.unlink(missing_ok=True)
        raise
    finally:
        staged.unlink(missing_ok=True)
    return extract


def billing_extract_delete(*, extract: BillingExtract, by: User) -> None:
    """Delete an extract and its file, unless something still uses it."""
    require_hq_admin(by)
    users = extract_references(extract)
    if users:
        raise ValidationError(
            _("This extract is still used by: %(users)s. It cannot be deleted.")
            % {"users": "; ".join(users)}
        )
    path = extract.path
    extract._history_user = by
    try:
        with transaction.atomic():
            extract.delete()
    except ProtectedError as e:
        users = sorted({str(obj) for obj in e.protected_objects})[:10]
        raise ValidationError(
            _("This extract is still used by: %(users)s. It cannot be deleted.")
            % {"users": "; ".join(users)}
        ) from e
    # The file goes once the deletion is committed (at once outside a transaction).
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
