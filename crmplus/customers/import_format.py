"""The customer import file: its columns, how a cell is cleaned, readers and the report.

docs/import-format.md documents the format for users; COLUMNS here is the one
definition the importer, the template download and that page follow. Each value
is cleaned by the model field it lands in (choices, lengths, the validators in
customers/validators.py), so a rule lives in one place.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.core.scoping import unit_ids_for
from crmplus.customers.models import (
    BusinessPartner,
    Contact,
    ContractAccount,
    IndustrialEstate,
)
from crmplus.customers.validators import normalise_phone

BP, CA, CONTACT = "bp", "ca", "contact"
MODELS = {BP: BusinessPartner, CA: ContractAccount, CONTACT: Contact}


@dataclass(frozen=True)
class Column:
    name: str
    group: str
    field: str
    kind: str = "text"  # text | bool | decimal | date | phone | unit | estate
    required: bool = False  # the header must be present
    cache: bool = False  # few distinct values: clean each one once

    @cached_property
    def model_field(self) -> models.Field:
        return MODELS[self.group]._meta.get_field(self.field)

    @cached_property
    def attname(self) -> str:
        return self.model_field.attname


COLUMNS: list[Column] = [
    Column("bp_number", BP, "bp_number", required=True),
    Column("name_th", BP, "name_th", required=True),
    Column("name_en", BP, "name_en"),
    Column("tax_id", BP, "tax_id"),
    Column("business_type", BP, "business_type", cache=True),
    Column("industrial_estate_code", BP, "industrial_estate", kind="estate", cache=True),
    Column("home_office_code", BP, "home_office", kind="unit", required=True, cache=True),
    Column("address", BP, "address"),
    Column("ca_number", CA, "ca_number", required=True),
    Column("office_code", CA, "office", kind="unit", required=True, cache=True),
    Column("tariff", CA, "tariff", required=True, cache=True),
    Column("is_tou", CA, "is_tou", kind="bool", cache=True),
    Column("contracted_demand_kw", CA, "contracted_demand_kw", kind="decimal", cache=True),
    Column("status", CA, "status", cache=True),
    Column("site_name", CA, "site_name"),
    Column("contact_name", CONTACT, "name"),
    Column("contact_position", CONTACT, "position"),
    Column("contact_phone", CONTACT, "phone", kind="phone"),
    Column("contact_email", CONTACT, "email"),
    Column("contact_line_id", CONTACT, "line_id"),
    Column("contact_lawful_basis", CONTACT, "lawful_basis", cache=True),
    Column("contact_consent_date", CONTACT, "consent_date", kind="date", cache=True),
    Column("contact_consent_purpose", CONTACT, "consent_purpose", cache=True),
    Column("contact_retention_until", CONTACT, "retention_until", kind="date", cache=True),
]
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}
# Which unit kinds a code may name: a BP's home office may be an office, an area or
# HQ (the model's limit_choices_to); a CA's office is always an office.
UNIT_KINDS = {
    "home_office_code": {OrgUnitKind.OFFICE, OrgUnitKind.AREA, OrgUnitKind.HQ},
    "office_code": {OrgUnitKind.OFFICE},
}
TRUE_WORDS = {"1", "true", "yes", "y", "t", "x", "ใช่", "มี", "tou"}
FALSE_WORDS = {"0", "false", "no", "n", "f", "ไม่ใช่", "ไม่มี", "-"}
DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
CACHE_LIMIT = 10_000


class FileRejected(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""


def template_headers() -> list[str]:
    return [c.name for c in COLUMNS]


# --- cleaning one value ---------------------------------------------------------------


def _parse_date(text: str) -> dt.date:
    m = DATE_DMY.match(text)
    try:
        if not m and text[10:11] not in ("", "T", " "):
            raise ValueError(text)
        day = dt.date(int(m[3]), int(m[2]), int(m[1])) if m else dt.date.fromisoformat(text[:10])
    except ValueError as e:
        raise ValidationError(_("Enter a date as YYYY-MM-DD or DD/MM/YYYY.")) from e
    # Thai users often write Buddhist-era years: 2569-01-15 is 15 Jan 2026.
    if day.year >= 2400:
        day = day.replace(year=day.year - 543)
    return day


class Cleaner:
    """Cleans cells with the model fields' own rules; knows the org for codes and scope."""

    def __init__(self, user: User):
        self.units = {
            code: (pk, kind) for pk, code, kind in OrgUnit.objects.values_list("id", "code", "kind")
        }
        self.estates = dict(IndustrialEstate.objects.values_list("code", "id"))
        ids = unit_ids_for(user)
        self.scope = None if ids is None else set(ids)
        self.caches: dict[str, dict[str, Any]] = {}

    def clean(self, col: Column, text: str) -> Any:
        if not col.cache:
            return self._clean(col, text)
        cache = self.caches.setdefault(col.name, {})
        hit = cache.get(text)
        if hit is None:
            try:
                hit = (True, self._clean(col, text))
            except ValidationError as e:
                hit = (False, e)
            if len(cache) < CACHE_LIMIT:
                cache[text] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]

    def _clean(self, col: Column, text: str) -> Any:
        f = col.model_field
        if col.kind == "unit":
            return self._unit(col, text)
        if col.kind == "estate":
            if not text:
                return None
            if text not in self.estates:
                raise ValidationError(_("Unknown industrial estate code “%(c)s”.") % {"c": text})
            return self.estates[text]
        if text == "":
            if f.has_default():
                return f.get_default()
            if f.null:
                return None
            if f.blank:
                return ""
            raise ValidationError(f.error_messages["blank"])
        value: Any = text
        if col.kind == "bool":
            low = text.lower()
            if low not in TRUE_WORDS | FALSE_WORDS:
                raise ValidationError(_("Enter yes or no (1/0, true/false)."))
            value = low in TRUE_WORDS
        elif col.kind == "decimal":
            value = text.replace(",", "").replace(" ", "")
        elif col.kind == "date":
            value = _parse_date(text)
        elif col.kind == "phone":
            value = normalise_phone(text)
        return f.clean(value, None)

    def _unit(self, col: Column, text: str) -> int:
        if not text:
            raise ValidationError(_("This field is required."))
        unit = self.units.get(text)
        if unit is None:
            raise ValidationError(_("Unknown unit code “%(c)s”.") % {"c": text})
        pk, kind = unit
        if kind not in UNIT_KINDS[col.name]:
            raise ValidationError(_("“%(c)s” is not an office.") % {"c": text})
        if self.scope is not None and pk not in self.scope:
            raise ValidationError(_("This unit is outside your organisation scope."))
        return pk


def contact_rules(values: dict[str, Any]) -> list[str]:
    """services.contact_rules_check, with the import's column names."""
    from crmplus.customers.services import contact_rules_check

    errors = contact_rules_check(
        lawful_basis=values.get("lawful_basis"),
        consent_date=values.get("consent_date"),
        retention_until=values.get("retention_until"),
    )
    return [f"contact_{field}: {message}" for field, message in errors.items()]


def cell_text(cell: Any) -> str:
    """A cell as text: numbers without '.0', dates as ISO, booleans as 1/0."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


# --- reading a file --------------------------------------------------------------------


def normalise_header(cells: Sequence) -> list[str]:
    return [cell_text(c).lstrip("\ufeff").strip().lower() for c in cells]


class Sheet:
    """The rows of an uploaded file as (spreadsheet row number, cells)."""

    header: list[str]
    raw_header: list[str]
    estimated_rows: int | None = None

    def rows(self) -> Iterator[tuple[int, Sequence]]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        # Excel's plain "CSV" on a Thai Windows is Windows-874 (TIS-620 and more).
        return "cp874"
    return "utf-8"


class CsvSheet(Sheet):
    def __init__(self, path: Path):
        with open(path, "rb") as f:
            head = f.read(1 << 20)
            newlines = head.count(b"\n")
            for block in iter(lambda: f.read(1 << 22), b""):
                newlines += block.count(b"\n")
        self.encoding = _sniff_encoding(head)
        self.file = open(path, encoding=self.encoding, newline="")  # noqa: SIM115 - closed by close()
        try:
            first = self.file.readline()
        except UnicodeDecodeError as e:
            self.file.close()
            raise FileRejected(_("The header row is not readable text.")) from e
        delimiter = max([",", ";", "\t"], key=first.count)
        self.file.seek(0)
        self.reader = csv.reader(self.file, delimiter=delimiter)
        try:
            raw = next(self.reader, [])
        except (csv.Error, UnicodeDecodeError) as e:
            self.file.close()
            raise FileRejected(_("The header row is not readable text.")) from e
        self.raw_header = [str(c).lstrip("\ufeff") for c in raw]
        self.header = normalise_header(raw)
        self.estimated_rows = max(newlines - 1, 0)

    def rows(self) -> Iterator[tuple[int, Sequence]]:
        num = 1
        try:
            for record in self.reader:
                num += 1
                yield num, record
        except UnicodeDecodeError as e:
            raise FileRejected(
                _("Row %(row)s is not valid %(enc)s text: save the file as “CSV UTF-8”.")
                % {"row": num + 1, "enc": self.encoding}
            ) from e
        except csv.Error as e:
            raise FileRejected(
                _("Row %(row)s cannot be read as CSV: %(e)s") % {"row": num + 1, "e": e}
            ) from e

    def close(self) -> None:
        self.file.close()


class XlsxSheet(Sheet):
    """The first worksheet, read row by row (openpyxl read-only mode)."""

    def __init__(self, path: Path):
        try:
            self.book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
            raise FileRejected(_("This file is not an Excel workbook (.xlsx).")) from e
        sheet = self.book.worksheets[0]
        self.iter = sheet.iter_rows(values_only=True)
        raw = next(self.iter, None) or ()
        self.raw_header = [cell_text(c) for c in raw]
        self.header = normalise_header(raw)
        # Trailing empty header cells are formatting, not columns.
        while self.header and not self.header[-1]:
            self.header.pop()
            self.raw_header.pop()
        self.estimated_rows = (sheet.max_row - 1) if sheet.max_row else None

    def rows(self) -> Iterator[tuple[int, Sequence]]:
        yield from enumerate(self.iter, start=2)

    def close(self) -> None:
        self.book.close()


def open_rows(path: Path, file_format: str) -> Sheet:
    if file_format == "xlsx":
        return XlsxSheet(path)
    return CsvSheet(path)


# --- the rejected-rows report ---------------------------------------------------------


class ReportWriter:
    """Rejected rows with their reasons, in the upload's format, written as found.

    XLSX cells are written as text so CA numbers and tax IDs keep their leading zeros.
    """

    def __init__(self, directory: Path, file_format: str, header: list[str]):
        self.directory = Path(directory)
        self.file_format = file_format
        self.header = header
        self.path: Path | None = None
        self.n = 0

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"rejected-rows.{self.file_format}"
        head = [_("Row"), _("Reason"), *self.header]
        if self.file_format == "xlsx":
            self.book = xlsxwriter.Workbook(str(self.path), {"constant_memory": True})
            self.sheet = self.book.add_worksheet(_("Rejected rows")[:31])
            self.sheet.write_row(0, 0, head)
            self.sheet.freeze_panes(1, 0)
            self.sheet.set_column(1, 1, 60)
        else:
            # A BOM so that Excel opens Thai text correctly.
            self.file = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self.csv = csv.writer(self.file)
            self.csv.writerow(head)

    def add(self, num: int, cells: Sequence, reason: str) -> None:
        if self.path is None:
            self._open()
        values = [cell_text(c) for c in list(cells)[: len(self.header)]]
        self.n += 1
        if self.file_format == "xlsx":
            self.sheet.write_number(self.n, 0, num)
            self.sheet.write_string(self.n, 1, reason)
            for i, v in enumerate(values, start=2):
                if v:
                    self.sheet.write_string(self.n, i, v)
        else:
            self.csv.writerow([num, reason, *values])

    def close(self) -> Path | None:
        if self.path is not None:
            if self.file_format == "xlsx":
                self.book.close()
            else:
                self.file.close()
        return self.path
