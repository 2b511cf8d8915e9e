"""The process calendar: what is due, done or overdue per unit, and the daily reminders."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from crmplus.core.fiscal import (
    EN_MONTHS_SHORT,
    TH_MONTHS_LONG,
    TH_MONTHS_SHORT,
    be_year,
    fiscal_year,
    format_date,
)
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.reports.models import ProcessReminder
from crmplus.reports.process_detectors import Detection, detect_all
from crmplus.reports.process_rules import (
    DUE,
    OVERDUE,
    STATUSES,
    Deadline,
    Occurrence,
    occurrences,
    status_of,
)
from crmplus.reports.process_settings import deadlines_for_fy

logger = logging.getLogger(__name__)

KINDS = {
    "hq": [OrgUnitKind.HQ],
    "area": [OrgUnitKind.AREA],
    "office": [OrgUnitKind.OFFICE],
    "hq+area": [OrgUnitKind.HQ, OrgUnitKind.AREA],
}
# A unit list longer than this is cut on screen (HQ × an office-level deadline).
MAX_UNITS_SHOWN = 200
# An overdue reminder is sent once, within this many days after the due date.
OVERDUE_WINDOW_DAYS = 30


def month_label(period: dt.date, lang: str, short: bool = False) -> str:
    if lang == "en":
        year = f"{period.year % 100:02d}" if short else str(period.year)
        return f"{EN_MONTHS_SHORT[period.month - 1]} {year}"
    months = TH_MONTHS_SHORT if short else TH_MONTHS_LONG
    year = f"{be_year(period.year) % 100:02d}" if short else str(be_year(period.year))
    return f"{months[period.month - 1]} {year}"


def responsible_units(d: Deadline, within: QuerySet) -> list[OrgUnit]:
    return list(within.filter(kind__in=KINDS[d.responsible], is_active=True).order_by("path"))


@dataclass
class Cell:
    occurrence: Occurrence
    status: str
    detection: Detection


@dataclass
class UnitRow:
    unit: OrgUnit
    cells: list[Cell]


@dataclass
class Board:
    deadline: Deadline
    label: str
    occurrences: list[Occurrence]
    rows: list[UnitRow]
    counts: Counter = field(default_factory=Counter)
    hidden: int = 0  # units not shown (over MAX_UNITS_SHOWN)
    headers: list[str] = field(default_factory=list)  # month labels of a monthly deadline

    @property
    def count_list(self) -> list[tuple[str, int]]:
        """(status, n) in a fixed order, for templates (a Counter's .items is a key there)."""
        return [(st, self.counts[st]) for st in STATUSES if self.counts[st]]

    @property
    def monthly(self) -> bool:
        return len(self.occurrences) > 1


def process_boards(
    *, user: User, fy: int, today: dt.date, unit: OrgUnit | None = None, status: str = ""
) -> list[Board]:
    """Every enabled deadline of the year with, per responsible unit in the user's scope
    (narrowed to `unit`'s subtree), the status of each of its due dates."""
    within = OrgUnit.objects.for_user(user)
    if unit is not None and not unit.is_hq:
        within = within.filter(path__startswith=unit.path)
    lang = translation.get_language() or "th"
    boards = []
    for d in deadlines_for_fy(fy):
        if not d.enabled:
            continue
        units = responsible_units(d, within)
        occs = occurrences(d, fy)
        found = detect_all(d.detector, fy, occs, units)
        board = Board(d, d.label(lang), occs, [])
        board.headers = [month_label(o.period, lang, short=True) if o.period else "" for o in occs]
        for u in units:
            cells = []
            for o in occs:
                det = found[o.due].get(u.pk, Detection(None))
                st = status_of(det.done, o.due, today, d.remind_days, det.owed)
                cells.append(Cell(o, st, det))
            board.counts.update(c.status for c in cells)
            if status in STATUSES and not any(c.status == status for c in cells):
                continue
            board.rows.append(UnitRow(u, cells))
        if len(board.rows) > MAX_UNITS_SHOWN:
            board.hidden = len(board.rows) - MAX_UNITS_SHOWN
            board.rows = board.rows[:MAX_UNITS_SHOWN]
        boards.append(board)
    return boards


# -- reminders ----------------------------------------------------------------------------


def unit_admins(unit: OrgUnit) -> list[User]:
    """Who hears about a unit's deadline: HQ admins for HQ, the area admins for an area,
    the office's Senior KAMRs and KAMRs for an office."""
    roles = {
        OrgUnitKind.HQ: [Role.HQ_ADMIN],
        OrgUnitKind.REGION: [Role.AREA_ADMIN, Role.HQ_ADMIN],
        OrgUnitKind.AREA: [Role.AREA_ADMIN],
        OrgUnitKind.OFFICE: [Role.SENIOR_KAMR, Role.KAMR],
    }[unit.kind]
    return list(
        User.objects.filter(home_unit=unit, role__in=roles, is_active=True).order_by("username")
    )


def _texts(d: Deadline, occ: Occurrence, unit: OrgUnit, kind: str, det: Detection) -> dict:
    texts = {}
    for lang in ("th", "en"):
        with translation.override(lang):
            from django.utils.translation import gettext as _

            when = format_date(occ.due, lang)
            label = d.label(lang)
            if occ.period is not None:
                label = f"{label} ({month_label(occ.period, lang)})"
            if kind == "due":
                title = _("Due %(when)s: %(what)s, %(unit)s") % {
                    "when": when,
                    "what": label,
                    "unit": unit.name_en if lang == "en" and unit.name_en else unit.name_th,
                }
            else:
                title = _("Overdue since %(when)s: %(what)s, %(unit)s") % {
                    "when": when,
                    "what": label,
                    "unit": unit.name_en if lang == "en" and unit.name_en else unit.name_th,
                }
            body = title
            if det.note:
                body += "\n\n" + _("Where it stands: %(note)s") % {"note": det.note}
            texts[lang] = (title, body)
    return texts


def process_reminders(day: dt.date) -> str:
    """The daily job: remind each responsible unit's admins of a deadline `remind_days`
    before it and once after it passes, while it is not done. Each (deadline, due date,
    unit, kind) is sent once, whatever the number of runs."""
    from crmplus.approvals.notify import notify_text

    sent = 0
    fy = fiscal_year(day)
    for year in (fy - 1, fy):
        for d in deadlines_for_fy(year):
            if not d.enabled or not d.detector:
                continue
            occs = [
                o
                for o in occurrences(d, year)
                if -OVERDUE_WINDOW_DAYS <= (o.due - day).days <= d.remind_days
            ]
            if not occs:
                continue
            units = responsible_units(d, OrgUnit.objects.all())
            everything = detect_all(d.detector, year, occs, units)
            for o in occs:
                found = everything[o.due]
                for u in units:
                    det = found.get(u.pk, Detection(None))
                    st = status_of(det.done, o.due, day, d.remind_days, det.owed)
                    if st not in (DUE, OVERDUE):
                        continue
                    kind = "due" if st == DUE else "overdue"
                    sent += _remind(d, o, u, kind, det, day, year, notify_text)
    return f"{sent} process-calendar reminders sent"


def _remind(d, occ, unit, kind, det, day, fy, notify_text) -> int:
    try:
        with transaction.atomic():
            reminder = ProcessReminder.objects.create(
                deadline=d.key, due=occ.due, unit=unit, kind=kind, sent_on=day
            )
            recipients = unit_admins(unit)
            url = reverse("reports:process") + f"?fy={fy}&unit={unit.pk}"
            notify_text(recipients, _texts(d, occ, unit, kind, det), url)
            reminder.recipients = len(recipients)
            reminder.save(update_fields=["recipients"])
    except IntegrityError:
        return 0  # already sent
    return 1
