"""Importing the call centre's survey file: every row checked, then all rows or none.

File (XLSX, or CSV in UTF-8 with or without BOM), one row per key account:

    bp_number | ca_number | survey_date | expectation_1 … expectation_N |
    satisfaction_1 … satisfaction_N | comments

A row names the customer by BP or CA (or both: the CA must then be the BP's). Items
are whole numbers 1–5; a blank item was not answered, but each row needs at least
one expectation and one satisfaction answer. Dates: 2021-09-15, 15/09/2564 or
15/09/2021 (a year above 2400 is Buddhist era), or an Excel date cell.

Any error in any row (unknown customer, not a key account of the year, score out
of range, missing or out-of-year date, the same customer twice in the file or
already surveyed that year) rejects the whole file: nothing is imported, the
import keeps a row report (on screen and as a download).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from crmplus.core.fiscal import fiscal_year_bounds, format_date
from crmplus.core.models import Role, User
from crmplus.core.permissions import require_write
from crmplus.customers.import_format import FileRejected, cell_text, open_rows
from crmplus.surveys import rules
from crmplus.surveys.models import ImportStatus, SurveyImport, SurveyResponse

MAX_ROWS = 50_000
ALIASES = {
    "bp": "bp_number",
    "bp_number": "bp_number",
    "bp number": "bp_number",
    "ca": "ca_number",
    "ca_number": "ca_number",
    "ca number": "ca_number",
    "survey_date": "survey_date",
    "date": "survey_date",
    "comments": "comments",
    "comment": "comments",
}
ITEM_RE = re.compile(r"^(expectation|satisfaction)[ _]?(\d{1,2})$")
TEMPLATE_ITEMS = 5
IMPORT_ROLES = (Role.AREA_ADMIN, Role.HQ_ADMIN)


def template_header(items: int = TEMPLATE_ITEMS) -> list[str]:
    return [
        "bp_number",
        "ca_number",
        "survey_date",
        *(f"expectation_{i}" for i in range(1, items + 1)),
        *(f"satisfaction_{i}" for i in range(1, items + 1)),
        "comments",
    ]


def can_import(user: User) -> bool:
    return user.can_write and user.role in IMPORT_ROLES


def parse_date(text: str) -> dt.date:
    text = (text or "").strip()
    if not text:
        raise ValueError("blank")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    if m:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not m:
            raise ValueError(text)
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    if year > 2400:  # Buddhist era
        year -= 543
    return dt.date(year, month, day)


@dataclass
class Layout:
    """Where each column is in the file."""

    bp: int | None = None
    ca: int | None = None
    date: int | None = None
    comments: int | None = None
    expectation: list[int] = field(default_factory=list)
    satisfaction: list[int] = field(default_factory=list)


def read_layout(header: list[str]) -> Layout:
    layout = Layout()
    items: dict[str, list[tuple[int, int]]] = {"expectation": [], "satisfaction": []}
    for index, name in enumerate(header):
        name = name.strip().lower()
        m = ITEM_RE.match(name)
        if m:
            items[m[1]].append((int(m[2]), index))
            continue
        target = ALIASES.get(name)
        if target == "bp_number":
            layout.bp = index
        elif target == "ca_number":
            layout.ca = index
        elif target == "survey_date":
            layout.date = index
        elif target == "comments":
            layout.comments = index
    layout.expectation = [i for _n, i in sorted(items["expectation"])][: rules.MAX_ITEMS]
    layout.satisfaction = [i for _n, i in sorted(items["satisfaction"])][: rules.MAX_ITEMS]
    missing = []
    if layout.bp is None and layout.ca is None:
        missing.append("bp_number / ca_number")
    if layout.date is None:
        missing.append("survey_date")
    if not layout.expectation:
        missing.append("expectation_1")
    if not layout.satisfaction:
        missing.append("satisfaction_1")
    if missing:
        raise FileRejected(
            _("The file lacks these columns: %(cols)s. Download the template to see the format.")
            % {"cols": ", ".join(missing)}
        )
    return layout


@dataclass
class RowIn:
    num: int
    bp_text: str
    ca_text: str
    cells: list[str]
    date: dt.date | None = None
    expectation: list[int | None] = field(default_factory=list)
    satisfaction: list[int | None] = field(default_factory=list)
    comments: str = ""
    bp: object = None
    ca: object = None
    key_account: object = None
    errors: list[str] = field(default_factory=list)


def _cell(cells, index) -> str:
    if index is None or index >= len(cells):
        return ""
    return cell_text(cells[index])


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def _parse_rows(path: Path, file_format: str) -> tuple[list[str], list[RowIn]]:
    with open_rows(path, file_format) as sheet:
        layout = read_layout(sheet.header)
        rows = []
        for num, cells in sheet.rows():
            cells = list(cells)
            if not any(cell_text(c) for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise FileRejected(
                    _("The file has more than %(n)s rows: split it.") % {"n": f"{MAX_ROWS:,}"}
                )
            row = RowIn(
                num=num,
                bp_text=_digits(_cell(cells, layout.bp)),
                ca_text=_digits(_cell(cells, layout.ca)),
                cells=[cell_text(c) for c in cells],
                comments=_cell(cells, layout.comments)[:4000],
            )
            try:
                row.date = parse_date(_cell(cells, layout.date))
            except ValueError:
                text = _cell(cells, layout.date)
                row.errors.append(
                    _("survey_date: missing.")
                    if not text
                    else _("survey_date: “%(v)s” is not a date.") % {"v": text}
                )
            for kind, indexes in (
                ("expectation", layout.expectation),
                ("satisfaction", layout.satisfaction),
            ):
                values = []
                for n, index in enumerate(indexes, start=1):
                    text = _cell(cells, index)
                    try:
                        values.append(rules.parse_score(text))
                    except ValueError:
                        values.append(None)
                        row.errors.append(
                            _("%(col)s: “%(v)s” is not a whole number from 1 to 5.")
                            % {"col": f"{kind}_{n}", "v": text}
                        )
                if all(v is None for v in values) and not any(f"{kind}_" in e for e in row.errors):
                    row.errors.append(
                        _("%(kind)s: no item answered.")
                        % {"kind": _("expectation") if kind == "expectation" else _("satisfaction")}
                    )
                setattr(row, kind, values)
            rows.append(row)
    return sheet.raw_header, rows


def _resolve(rows: list[RowIn], *, fy: int, by: User) -> None:
    """Customers, key accounts and duplicates, looked up in bulk and in the uploader's scope."""
    from crmplus.customers.models import BusinessPartner, ContractAccount
    from crmplus.keyaccounts.models import KeyAccount

    bps = {
        b.bp_number: b
        for b in BusinessPartner.objects.for_user(by).filter(
            bp_number__in={r.bp_text for r in rows if r.bp_text}
        )
    }
    cas = {
        c.ca_number: c
        for c in ContractAccount.objects.filter(
            ca_number__in={r.ca_text.zfill(12) for r in rows if r.ca_text},
            bp__in=BusinessPartner.objects.for_user(by),
        ).select_related("bp")
    }
    for row in rows:
        if not row.bp_text and not row.ca_text:
            row.errors.append(_("bp_number: give the BP or the CA number."))
            continue
        if row.bp_text:
            row.bp = bps.get(row.bp_text)
            if row.bp is None:
                row.errors.append(_("bp_number: unknown customer %(v)s.") % {"v": row.bp_text})
        if row.ca_text:
            row.ca = cas.get(row.ca_text.zfill(12))
            if row.ca is None:
                row.errors.append(
                    _("ca_number: unknown contract account %(v)s.") % {"v": row.ca_text}
                )
            elif row.bp is None and not row.bp_text:
                row.bp = row.ca.bp
            elif row.bp is not None and row.ca.bp_id != row.bp.pk:
                row.errors.append(
                    _("ca_number: %(ca)s is not a contract account of BP %(bp)s.")
                    % {"ca": row.ca.ca_number, "bp": row.bp.bp_number}
                )
    first, last = fiscal_year_bounds(fy)
    for row in rows:
        if row.date is not None and not first <= row.date <= last:
            row.errors.append(
                _("survey_date: %(d)s is outside fiscal year %(fy)s (%(a)s – %(b)s).")
                % {
                    "d": format_date(row.date),
                    "fy": fy,
                    "a": format_date(first),
                    "b": format_date(last),
                }
            )
    found = [r.bp.pk for r in rows if r.bp is not None]
    accounts: dict[int, list] = {}
    for ka in (
        KeyAccount.objects.for_user(by)
        .filter(fy=fy, bp_id__in=found)
        .select_related("office", "owner", "owner_area")
        .order_by("owner_area__path", "office__path")
    ):
        accounts.setdefault(ka.bp_id, []).append(ka)
    stored = set(
        SurveyResponse.objects.filter(fy=fy, bp_id__in=found).values_list("bp_id", flat=True)
    )
    seen: dict[int, int] = {}
    for row in rows:
        if row.bp is None:
            continue
        mine = accounts.get(row.bp.pk, [])
        if not mine:
            row.errors.append(
                _("BP %(bp)s is not an approved key account of fiscal year %(fy)s.")
                % {"bp": row.bp.bp_number, "fy": fy}
            )
        else:
            # A BP that is a key account at several offices: the CA's office decides.
            match = [ka for ka in mine if row.ca is not None and ka.office_id == row.ca.office_id]
            row.key_account = (match or mine)[0]
        if row.bp.pk in stored:
            row.errors.append(
                _("BP %(bp)s already has a survey response for fiscal year %(fy)s.")
                % {"bp": row.bp.bp_number, "fy": fy}
            )
        if row.bp.pk in seen:
            row.errors.append(
                _("BP %(bp)s is also on row %(row)s of this file.")
                % {"bp": row.bp.bp_number, "row": seen[row.bp.pk]}
            )
        else:
            seen[row.bp.pk] = row.num


def _response(row: RowIn, fy: int, source: SurveyImport | None) -> SurveyResponse:
    ka = row.key_account
    exp = rules.item_mean(row.expectation)
    sat = rules.item_mean(row.satisfaction)
    return SurveyResponse(
        fy=fy,
        bp=row.bp,
        ca=row.ca,
        office=ka.office,
        unit=ka.owner,
        area=ka.owner_area,
        segment=ka.segment,
        survey_date=row.date,
        expectation_items=row.expectation,
        satisfaction_items=row.satisfaction,
        expectation_avg=rules.round_half_up(exp, 4),
        satisfaction_avg=rules.round_half_up(sat, 4),
        comments=row.comments,
        source=source,
    )


def _check_permission(by: User) -> None:
    require_write(by)
    if by.role not in IMPORT_ROLES:
        raise PermissionDenied(_("Only area and HQ admins import survey results."))


def survey_import(*, fy: int, upload, by: User, background: bool = False) -> SurveyImport:
    """Check every row of `upload` (a Django File) and import all of them, or none.

    Returns the stored SurveyImport: `status` says what happened and `row_report`
    lists the rejected rows with their reasons. With `background`, the file is stored
    as a queued import and the worker does the same work (`survey_import_task`)."""
    _check_permission(by)
    if not 2400 < int(fy) < 2700:
        raise ValidationError({"fy": _("Enter a Buddhist-era fiscal year, e.g. 2564.")})
    name = Path(getattr(upload, "name", "") or "survey.csv").name
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in {"csv", "xlsx"}:
        raise ValidationError({"file": _("Upload an .xlsx or .csv file.")})
    record = SurveyImport(
        fy=fy,
        original_name=name[:255],
        unit=by.home_unit,
        uploaded_by=by,
        status=ImportStatus.QUEUED,
    )
    upload.seek(0)
    if background:
        from crmplus.surveys.tasks import survey_import_task

        with transaction.atomic():
            record.file.save(name, upload, save=False)
            record.save()
            pk = record.pk
            transaction.on_commit(lambda: survey_import_task.enqueue(pk))
        return record
    with tempfile.TemporaryDirectory(prefix="crmplus-survey-") as tmp:
        path = Path(tmp) / f"upload.{suffix}"
        with open(path, "wb") as fh:
            for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
                fh.write(chunk)
        checked = _check(path, suffix, fy=fy, by=by)
    upload.seek(0)
    with transaction.atomic():
        record.file.save(name, upload, save=False)
        _store(record, checked, by=by)
    return record


def survey_import_run(*, import_id: int) -> SurveyImport:
    """The worker's half of a background import: check and store a queued file."""
    record = SurveyImport.objects.select_related("uploaded_by").get(pk=import_id)
    if record.status != ImportStatus.QUEUED:
        return record
    by = record.uploaded_by
    try:
        _check_permission(by)
        suffix = record.original_name.rsplit(".", 1)[-1].lower()
        with tempfile.TemporaryDirectory(prefix="crmplus-survey-") as tmp:
            path = Path(tmp) / f"upload.{suffix}"
            with record.file.open("rb") as src, open(path, "wb") as fh:
                for chunk in src.chunks():
                    fh.write(chunk)
            checked = _check(path, suffix, fy=record.fy, by=by)
        with transaction.atomic():
            _store(record, checked, by=by)
    except Exception as e:  # noqa: BLE001 - the import page says it failed, and why
        SurveyImport.objects.filter(pk=record.pk).update(
            status=ImportStatus.FAILED, message=str(e)[:500]
        )
        record.refresh_from_db()
    return record


@dataclass
class Checked:
    message: str
    header: list[str]
    rows: list[RowIn]


def _check(path: Path, suffix: str, *, fy: int, by: User) -> Checked:
    message, header, rows = "", [], []
    try:
        header, rows = _parse_rows(path, suffix)
        if not rows:
            message = _("The file has no data rows.")
    except FileRejected as e:
        message = str(e)
    if not message:
        _resolve(rows, fy=fy, by=by)
    return Checked(message, header, rows)


def _store(record: SurveyImport, checked: Checked, *, by: User) -> None:
    """Inside the caller's transaction: the import's outcome, and its responses if every
    row passed."""
    from crmplus.surveys.services import follow_ups_open

    rows, header = checked.rows, checked.header
    bad = [r for r in rows if r.errors]
    record.rows = len(rows)
    record.header = header
    record.status = ImportStatus.REJECTED if (checked.message or bad) else ImportStatus.DONE
    record.error_count = len(bad)
    record.row_report = [
        {"row": r.num, "bp": r.bp_text, "ca": r.ca_text, "errors": r.errors,
         "cells": r.cells[: len(header)]}
        for r in bad
    ]  # fmt: skip
    record.message = checked.message or (
        _("%(n)s of %(total)s rows have errors: nothing was imported.")
        % {"n": len(bad), "total": len(rows)}
        if bad
        else ""
    )
    record.save()
    if record.status != ImportStatus.DONE:
        return
    created = []
    for r in rows:
        response = _response(r, record.fy, record)
        response.save()
        created.append(response)
    record.imported = len(created)
    record.message = _("%(n)s responses imported.") % {"n": len(created)}
    opened = follow_ups_open(responses=created, by=by)
    if opened:
        record.message += " " + _("%(n)s low-satisfaction follow-ups opened.") % {"n": len(opened)}
    record.save(update_fields=["imported", "message"])
