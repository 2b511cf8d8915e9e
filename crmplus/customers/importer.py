"""Customer-registry import: a CSV/XLSX file of BPs, CAs and contacts, all or nothing.

The file format is documented in docs/import-format.md (one row per CA, the BP
columns repeated, optional contact columns). Two streaming passes:

1. Check. Every row is cleaned with the models' own field rules (choices,
   lengths, the validators in customers/validators.py), then checked against the
   organisation (codes, the importer's scope), the other rows (one CA once, one
   BP with one set of data) and the database (a CA of another BP, records out of
   scope). The same queries compare each row with its record: identical ones are
   counted as unchanged and dropped. Rejected rows go to a report as they are
   found; the new or changed CA rows go to a temporary spill file, so the second
   pass neither re-reads nor re-checks the file.
2. Write, only when no row was rejected and something changed: one transaction,
   batches of inserts and updates with their simple_history records, upsert by
   BP and CA number (contacts by BP + name). Importing the same file twice
   changes nothing, adds no history and opens no write transaction.
   (History costs about 150 s per million records written: measured and kept,
   see docs/import-format.md.)

Memory holds one entry per distinct BP, per contact and per CA number (the last
as two ints), never the rows themselves.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from crmplus.core.models import User
from crmplus.core.permissions import require_write
from crmplus.customers.import_format import (
    BP,
    CA,
    COLUMNS,
    COLUMNS_BY_NAME,
    CONTACT,
    Cleaner,
    FileRejected,
    ReportWriter,
    Sheet,
    cell_text,
    contact_rules,
    open_rows,
)
from crmplus.customers.import_writer import ImportConflict, Writer
from crmplus.customers.models import BusinessPartner, Contact, ContractAccount

# Rows checked against the database at a time, and the size of an IN (...) list:
# below SQLite's historic limit of 999 parameters.
CHUNK = 900
# Progress is reported at most this often (rows).
PROGRESS_EVERY = 2000

Progress = Callable[[str, int, int | None], None]  # (phase, processed, total)


@dataclass
class ImportOutcome:
    status: str  # "done" or "rejected"
    rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error_count: int = 0
    errors_preview: list[dict] = field(default_factory=list)
    message: str = ""
    report_path: Path | None = None


# --- pass 1: check -------------------------------------------------------------------


@dataclass
class _Entry:
    """A BP or a contact as first seen; rows with the same cells share its errors."""

    row: int
    raw: tuple
    clean: tuple
    errors: list[str]
    pk: int | None = None  # the record in the database, if any
    same: bool = False  # the database already holds exactly these values


@dataclass
class _Row:
    num: int
    cells: list[str]
    errors: list[str]
    bp: str
    ca: str = ""
    contact: tuple[str, str] | None = None
    ca_clean: tuple = ()
    ca_same: bool = False
    shared: list[_Entry] = field(default_factory=list)


class Checker:
    def __init__(self, user: User, header: list[str], report: ReportWriter, preview_limit: int):
        self.user = user
        self.cleaner = Cleaner(user)
        self.report = report
        self.preview_limit = preview_limit
        self.index = {name: i for i, name in enumerate(header) if name}
        present = [COLUMNS_BY_NAME[n] for n in self.index]
        self.cols = {g: [c for c in present if c.group == g] for g in (BP, CA, CONTACT)}
        self.bps: dict[str, _Entry] = {}
        self.contacts: dict[tuple[str, str], _Entry] = {}
        self.cas: dict[int, int] = {}  # CA number → first row
        self.rows = 0
        self.error_count = 0
        self.errors_preview: list[dict] = []
        self.pending: list[_Row] = []
        self.spill = tempfile.TemporaryFile(prefix="crmplus-import-")  # noqa: SIM115 - see close()
        self.spilled = 0
        self.ca_same = 0

    def _cell(self, cells: list[str], name: str) -> str:
        i = self.index.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def _raw(self, group: str, cells: list[str]) -> tuple:
        return tuple(self._cell(cells, c.name) for c in self.cols[group])

    def _clean_group(self, group: str, raw: tuple, errors: list[str]) -> tuple:
        clean = []
        for col, text in zip(self.cols[group], raw, strict=True):
            try:
                clean.append(self.cleaner.clean(col, text))
            except ValidationError as e:
                errors.append(f"{col.name}: {' '.join(e.messages)}")
                clean.append(None)
        return tuple(clean)

    def add(self, num: int, cells: list[str]) -> None:
        """Check one row (its cells as text); the database checks wait for flush()."""
        self.rows += 1
        row = _Row(num, cells, [], self._cell(cells, "bp_number"))
        self._check_bp(row)
        row.ca = self._cell(cells, "ca_number")
        if row.ca:
            self._check_ca(row)
        elif any(self._cell(cells, c.name) for c in self.cols[CA]):
            row.errors.append(_("CA columns are filled but ca_number is empty."))
        if self._cell(cells, "contact_name"):
            self._check_contact(row)
        elif any(self._cell(cells, c.name) for c in self.cols[CONTACT]):
            row.errors.append(_("Contact columns are filled but contact_name is empty."))
        self.pending.append(row)
        if len(self.pending) >= CHUNK:
            self.flush()

    def _check_bp(self, row: _Row) -> None:
        if not row.bp:
            row.errors.append("bp_number: " + _("This field is required."))
            return
        entry = self.bps.get(row.bp)
        raw = self._raw(BP, row.cells)
        if entry is not None and entry.raw == raw:
            row.shared.append(entry)
            return
        errors: list[str] = []
        clean = self._clean_group(BP, raw, errors)
        if entry is None:
            self.bps[row.bp] = entry = _Entry(row.num, raw, clean, errors)
            row.shared.append(entry)
        elif errors:
            row.errors.extend(errors)
        elif clean != entry.clean:
            names = [
                c.name for c, a, b in zip(self.cols[BP], clean, entry.clean, strict=True) if a != b
            ]
            row.errors.append(
                _("BP %(bp)s has other values on row %(row)s: %(cols)s.")
                % {"bp": row.bp, "row": entry.row, "cols": ", ".join(names)}
            )

    def _check_ca(self, row: _Row) -> None:
        errors: list[str] = []
        clean = self._clean_group(CA, self._raw(CA, row.cells), errors)
        row.errors.extend(errors)
        row.ca_clean = clean
        if errors:
            return
        first = self.cas.setdefault(int(row.ca), row.num)
        if first != row.num:
            row.errors.append(
                _("CA %(ca)s is already on row %(row)s.") % {"ca": row.ca, "row": first}
            )

    def _check_contact(self, row: _Row) -> None:
        key = (row.bp, self._cell(row.cells, "contact_name"))
        row.contact = key
        entry = self.contacts.get(key)
        raw = self._raw(CONTACT, row.cells)
        if entry is not None and entry.raw == raw:
            row.shared.append(entry)
            return
        errors: list[str] = []
        clean = self._clean_group(CONTACT, raw, errors)
        if not errors:
            errors.extend(contact_rules(dict(zip(self._contact_fields(), clean, strict=True))))
        if entry is None:
            self.contacts[key] = entry = _Entry(row.num, raw, clean, errors)
            row.shared.append(entry)
        elif errors:
            row.errors.extend(errors)
        elif clean != entry.clean:
            row.errors.append(
                _("Contact “%(name)s” has other values on row %(row)s.")
                % {"name": key[1], "row": entry.row}
            )

    def _contact_fields(self) -> list[str]:
        return [c.attname for c in self.cols[CONTACT]]

    # The database checks run once per chunk of rows: a few IN (...) queries. They
    # also compare the rows with the records, so that the write pass (and its lock)
    # is only about real changes: re-importing an unchanged file opens no write.
    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        self._check_db_bps([r for r in rows if r.bp and self.bps[r.bp].row == r.num])
        self._check_db_cas([r for r in rows if r.ca and not r.errors])
        self._check_db_contacts(
            [r for r in rows if r.contact and self.contacts[r.contact].row == r.num]
        )
        clean = True
        for r in rows:
            # Every row carrying a bad BP or contact names the reason, not just the first.
            r.errors = [e for entry in r.shared for e in entry.errors] + r.errors
            if r.errors:
                clean = False
                self._reject(r)
        if clean and self.error_count == 0:
            batch = [(r.num, r.ca, r.bp, r.ca_clean) for r in rows if r.ca and not r.ca_same]
            self.ca_same += sum(1 for r in rows if r.ca_same)
            if batch:
                # Our own temporary file, read back in spilled_chunks(): safe to unpickle.
                pickle.dump(batch, self.spill, protocol=pickle.HIGHEST_PROTOCOL)
                self.spilled += len(batch)

    def _reject(self, r: _Row) -> None:
        reason = "; ".join(r.errors)
        self.error_count += 1
        if len(self.errors_preview) < self.preview_limit:
            self.errors_preview.append({"row": r.num, "reason": reason})
        self.report.add(r.num, r.cells, reason)

    def _visible(self, model, key: str, numbers) -> set[str] | None:
        """Which of these existing numbers the importer may change (None: all)."""
        if self.cleaner.scope is None or not numbers:
            return None
        qs = model.objects.for_user(self.user).filter(**{f"{key}__in": list(numbers)})
        return set(qs.values_list(key, flat=True))

    def _check_db_bps(self, rows: list[_Row]) -> None:
        if not rows:
            return
        fields = [c.attname for c in self.cols[BP]]
        at = fields.index("bp_number")
        found = {
            values[at]: (pk, tuple(values))
            for pk, *values in BusinessPartner.objects.filter(
                bp_number__in=[r.bp for r in rows]
            ).values_list("id", *fields)
        }
        visible = self._visible(BusinessPartner, "bp_number", found)
        for r in rows:
            if r.bp not in found:
                continue
            entry = self.bps[r.bp]
            if visible is not None and r.bp not in visible:
                entry.errors.append(_("This BP number belongs to a customer outside your scope."))
            else:
                entry.pk, current = found[r.bp]
                entry.same = current == entry.clean

    def _check_db_cas(self, rows: list[_Row]) -> None:
        if not rows:
            return
        fields = [c.attname for c in self.cols[CA]]
        at = fields.index("ca_number")
        found = {
            values[at]: (owner, tuple(values))
            for owner, *values in ContractAccount.objects.filter(
                ca_number__in=[r.ca for r in rows]
            ).values_list("bp__bp_number", *fields)
        }
        visible = self._visible(ContractAccount, "ca_number", found)
        for r in rows:
            if r.ca not in found:
                continue
            owner, current = found[r.ca]
            if visible is not None and r.ca not in visible:
                r.errors.append(_("This CA number belongs to an account outside your scope."))
            elif owner != r.bp:
                r.errors.append(
                    _("CA %(ca)s already belongs to BP %(bp)s.") % {"ca": r.ca, "bp": owner}
                )
            else:
                r.ca_same = current == r.ca_clean

    def _check_db_contacts(self, rows: list[_Row]) -> None:
        if not rows:
            return
        fields = self._contact_fields()
        at = fields.index("name")
        found: dict[tuple[str, str], list] = {}
        for bp, pk, *values in Contact.objects.filter(
            bp__bp_number__in={r.bp for r in rows}, name__in={r.contact[1] for r in rows}
        ).values_list("bp__bp_number", "id", *fields):
            found.setdefault((bp, values[at]), []).append((pk, tuple(values)))
        for r in rows:
            matches = found.get(r.contact, [])
            entry = self.contacts[r.contact]
            if len(matches) > 1:
                entry.errors.append(
                    _("BP %(bp)s has several contacts named “%(name)s”: edit them in CRM Plus.")
                    % {"bp": r.bp, "name": r.contact[1]}
                )
            elif matches:
                entry.pk, current = matches[0]
                entry.same = current == entry.clean

    def spilled_chunks(self) -> Iterator[list[tuple]]:
        self.spill.seek(0)
        while True:
            try:
                yield pickle.load(self.spill)  # noqa: S301 - our own temp file, see flush()
            except EOFError:
                return


# --- the entry point ------------------------------------------------------------------


def customers_import(
    *,
    path: Path,
    file_format: str,
    by: User,
    reason: str = "import",
    report_dir: Path,
    progress: Progress | None = None,
    preview_limit: int = 200,
    history: bool = True,
) -> ImportOutcome:
    """Check a whole file, then write it in one transaction, or write nothing.

    Raises PermissionDenied for read-only users and ImportConflict when the
    database changed under the import (nothing is written then either).
    """
    require_write(by)
    progress = progress or (lambda phase, done, total: None)
    try:
        sheet = open_rows(path, file_format)
    except FileRejected as e:
        return ImportOutcome(status="rejected", message=str(e))
    with sheet:
        header = sheet.header
        unknown = [h for h in header if h and h not in COLUMNS_BY_NAME]
        missing = [c.name for c in COLUMNS if c.required and c.name not in header]
        doubled = sorted({h for h in header if h and header.count(h) > 1})
        problems = []
        if missing:
            problems.append(_("Missing columns: %(c)s.") % {"c": ", ".join(missing)})
        if unknown:
            problems.append(_("Unknown columns: %(c)s.") % {"c": ", ".join(unknown)})
        if doubled:
            problems.append(_("Columns given twice: %(c)s.") % {"c": ", ".join(doubled)})
        if problems:
            return ImportOutcome(status="rejected", message=" ".join(problems))
        report = ReportWriter(report_dir, file_format, sheet.raw_header)
        checker = Checker(by, header, report, preview_limit)
        try:
            return _check_and_write(sheet, checker, report, by, reason, history, progress)
        finally:
            checker.spill.close()


def _check_and_write(
    sheet: Sheet,
    checker: Checker,
    report: ReportWriter,
    by: User,
    reason: str,
    history: bool,
    progress: Progress,
) -> ImportOutcome:
    total = sheet.estimated_rows
    try:
        for num, cells in sheet.rows():
            texts = [cell_text(c) for c in cells]
            if not any(texts):
                continue
            checker.add(num, texts)
            if checker.rows % PROGRESS_EVERY == 0:
                progress("check", checker.rows, max(total or 0, checker.rows))
    except FileRejected as e:
        report.close()
        return ImportOutcome(status="rejected", rows=checker.rows, message=str(e))
    checker.flush()
    progress("check", checker.rows, checker.rows)
    report_path = report.close()
    if checker.error_count:
        return ImportOutcome(
            status="rejected",
            rows=checker.rows,
            error_count=checker.error_count,
            errors_preview=checker.errors_preview,
            report_path=report_path,
            message=_("%(n)s rows were rejected: nothing was imported.")
            % {"n": checker.error_count},
        )
    if checker.rows == 0:
        return ImportOutcome(status="rejected", message=_("The file has no data rows."))
    writer = Writer(checker, by=by, reason=reason, history=history, progress=progress)
    if writer.total:
        progress("import", 0, writer.total)
        try:
            with transaction.atomic():
                writer.run()
        except IntegrityError as e:
            # Someone wrote a clashing record after the check (a new CA, a deleted BP).
            raise ImportConflict(
                _("The registry changed while the file was imported: nothing was imported.")
                + " "
                + _("Please import the file again.")
            ) from e
    return ImportOutcome(status="done", rows=checker.rows, counts=writer.counts)
