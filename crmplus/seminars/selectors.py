"""Reads for seminars: live room under the caps, budget use per unit, attendance."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.keyaccounts.models import SEGMENT_ORDER, KeyAccount
from crmplus.seminars.models import (
    COMMITTED_STATUSES,
    BudgetLine,
    Event,
    ExceptionRequest,
    ExceptionStatus,
    Invitation,
    Rsvp,
)
from crmplus.seminars.rules import ZERO, CapCheck, CapLine, CapResult, SeminarRules, cap_check
from crmplus.seminars.rules_settings import rules_for_fy

NOT_A_KEY_ACCOUNT = "none"


def _approved_prefetch() -> Prefetch:
    return Prefetch(
        "exceptions",
        queryset=ExceptionRequest.objects.filter(status=ExceptionStatus.APPROVED),
        to_attr="approved_exceptions",
    )


def _cap_line(line: BudgetLine) -> CapLine:
    approved = getattr(line, "approved_exceptions", None)
    if approved is None:
        covered = line.approved_exception() is not None
    else:
        covered = any(e.amount >= line.amount for e in approved)
    return CapLine(
        amount=line.amount,
        is_speaker_fee=line.is_speaker_fee,
        speaker_fee_approved=line.is_speaker_fee and covered,
    )


def event_lines(event: Event) -> list[BudgetLine]:
    """The event's lines, each knowing its approved exceptions."""
    return list(event.lines.prefetch_related(_approved_prefetch()).order_by("pk"))


def line_is_covered(line: BudgetLine) -> bool:
    """A line needing approval has an approved exception for its current amount."""
    if not line.needs_approval:
        return True
    approved = getattr(line, "approved_exceptions", None)
    if approved is None:
        return line.approved_exception() is not None
    return any(e.amount >= line.amount for e in approved)


def hq_year_used(*, fy: int, exclude: Event | None = None) -> Decimal:
    """What HQ's committed seminars of fiscal year `fy` cost, speaker fees included."""
    lines = BudgetLine.objects.filter(
        event__fy=fy, event__unit__kind=OrgUnitKind.HQ, event__status__in=COMMITTED_STATUSES
    )
    if exclude is not None and exclude.pk:
        lines = lines.exclude(event_id=exclude.pk)
    return sum((ln.amount for ln in lines.only("planned_amount", "actual_amount")), ZERO)


def event_cap_check(
    event: Event, *, rules: SeminarRules | None = None, lines: list[BudgetLine] | None = None
) -> CapCheck:
    """Room left (or amount over) under the event cap and, for HQ, the yearly cap."""
    rules = rules or rules_for_fy(event.fy)
    lines = event_lines(event) if lines is None else lines
    cap_lines = [_cap_line(ln) for ln in lines]
    if not event.unit.is_hq:
        return cap_check(lines=cap_lines, event_cap=rules.event_cap)
    return cap_check(
        lines=cap_lines,
        event_cap=rules.event_cap,
        hq_year_cap=rules.hq_year_cap,
        hq_year_used_elsewhere=hq_year_used(fy=event.fy, exclude=event),
    )


@dataclass(frozen=True)
class UnitBudget:
    unit: OrgUnit
    fy: int
    events: int
    total: Decimal  # every line, speaker fees included
    speaker_fees: Decimal
    events_over_cap: int
    event_cap: Decimal
    hq_year: CapResult | None  # HQ only: the yearly cap, speaker fees included


def budget_use(*, user: User, fy: int) -> list[UnitBudget]:
    """Budget used vs caps per organising unit in the user's scope, for one fiscal year.

    Counts submitted, approved, held and closed events (drafts and sent-back plans
    commit nothing); a line costs its actual amount once known, else its plan.
    """
    rules = rules_for_fy(fy)
    events = (
        Event.objects.for_user(user)
        .filter(fy=fy, status__in=COMMITTED_STATUSES)
        .select_related("unit")
        .prefetch_related(
            Prefetch("lines", queryset=BudgetLine.objects.prefetch_related(_approved_prefetch()))
        )
        .order_by("unit__path", "pk")
    )
    per_unit: dict[int, list[Event]] = defaultdict(list)
    units: dict[int, OrgUnit] = {}
    for event in events:
        per_unit[event.unit_id].append(event)
        units[event.unit_id] = event.unit
    rows = []
    for unit_id, unit_events in per_unit.items():
        total = speaker = ZERO
        over = 0
        for event in unit_events:
            cap_lines = [_cap_line(ln) for ln in event.lines.all()]
            total += sum((c.amount for c in cap_lines), ZERO)
            speaker += sum((c.amount for c in cap_lines if c.is_speaker_fee), ZERO)
            if not cap_check(lines=cap_lines, event_cap=rules.event_cap).event.ok:
                over += 1
        unit = units[unit_id]
        rows.append(
            UnitBudget(
                unit=unit,
                fy=fy,
                events=len(unit_events),
                total=total,
                speaker_fees=speaker,
                events_over_cap=over,
                event_cap=rules.event_cap,
                hq_year=CapResult(rules.hq_year_cap, total) if unit.is_hq else None,
            )
        )
    return rows


@dataclass(frozen=True)
class SegmentAttendance:
    segment: str  # a key-account segment, or "none" for customers that are not one
    invited: int
    accepted: int
    attended: int

    @property
    def rate(self) -> float | None:
        """Attended / invited (None when nobody was invited)."""
        return self.attended / self.invited if self.invited else None


def attendance_by_segment(*, user: User, fy: int) -> list[SegmentAttendance]:
    """Attendance of the user's events of fiscal year `fy` by key-account segment.

    A customer's segment is its key-account status in the event's fiscal year; a BP
    that is a key account at several offices counts under its highest segment.
    """
    invitations = list(
        Invitation.objects.filter(
            event__in=Event.objects.for_user(user).filter(fy=fy).values("pk")
        ).values("bp_id", "rsvp", "attended")
    )
    rank = {s: i for i, s in enumerate(SEGMENT_ORDER)}
    best: dict[int, str] = {}
    bp_ids = {i["bp_id"] for i in invitations}
    for bp_id, segment in KeyAccount.objects.filter(fy=fy, bp_id__in=bp_ids).values_list(
        "bp_id", "segment"
    ):
        if bp_id not in best or rank[segment] < rank[best[bp_id]]:
            best[bp_id] = segment
    counts: dict[str, list[int]] = {s: [0, 0, 0] for s in [*SEGMENT_ORDER, NOT_A_KEY_ACCOUNT]}
    for inv in invitations:
        row = counts[best.get(inv["bp_id"], NOT_A_KEY_ACCOUNT)]
        row[0] += 1
        row[1] += inv["rsvp"] == Rsvp.ACCEPTED
        row[2] += bool(inv["attended"])
    return [SegmentAttendance(s, *c) for s, c in counts.items() if c[0]]
