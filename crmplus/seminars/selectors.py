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


# ── screens ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class EventFilters:
    fy: int | None = None
    area: OrgUnit | None = None
    kind: str = ""
    status: str = ""
    q: str = ""
    sort: str = ""


SORTS = {
    "date": ("starts_on", "pk"),
    "-date": ("-starts_on", "-pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "unit": ("unit__path", "-starts_on"),
    "-unit": ("-unit__path", "-starts_on"),
    "total": ("total", "pk"),
    "-total": ("-total", "-pk"),
}


def event_list(*, user: User, filters: EventFilters):
    """The events `user` sees through `filters`, each with its planned/actual total."""
    from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    money_field = DecimalField(max_digits=14, decimal_places=2)
    qs = Event.objects.for_user(user).select_related("unit")
    if filters.fy is not None:
        qs = qs.filter(fy=filters.fy)
    if filters.area is not None:
        qs = qs.filter(unit__path__startswith=filters.area.path)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(venue__icontains=filters.q))
    line_totals = (
        BudgetLine.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(s=Sum(Coalesce("actual_amount", "planned_amount")))
        .values("s")
    )
    invited = (
        Invitation.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(
        total=Coalesce(Subquery(line_totals, output_field=money_field), Value(ZERO)),
        n_invited=Coalesce(Subquery(invited), Value(0)),
    )
    return qs.order_by(*SORTS.get(filters.sort, ("-starts_on", "-pk")))


def fy_choices(user: User) -> list[int]:
    """Fiscal years that have events in scope, and the current one, newest first."""
    from django.utils import timezone

    from crmplus.core.fiscal import fiscal_year

    years = set(Event.objects.for_user(user).values_list("fy", flat=True).distinct())
    years.add(fiscal_year(timezone.localdate()))
    return sorted(years, reverse=True)


def areas_for(user: User) -> list[OrgUnit]:
    """Areas the user can filter by: all for HQ, their own otherwise."""
    qs = OrgUnit.objects.filter(kind=OrgUnitKind.AREA).order_by("code")
    if user.home_unit_id and not user.home_unit.is_hq:
        area = user.home_unit.area()
        return [area] if area else []
    return list(qs)


def units_for(user: User) -> list[OrgUnit]:
    """Units that may organise an event for `user`: HQ and areas for HQ users; the
    user's area and its offices (or their own office) otherwise."""
    qs = OrgUnit.objects.for_user(user).filter(is_active=True)
    if user.home_unit_id and user.home_unit.is_hq:
        qs = qs.filter(kind__in=[OrgUnitKind.HQ, OrgUnitKind.AREA])
    return list(qs.order_by("path")[:2000])


def line_preview(
    event: Event,
    *,
    rules: SeminarRules,
    category: str,
    planned: Decimal | None,
    actual: Decimal | None,
    executive: int,
    operational: int,
    days: int,
    editing: BudgetLine | None = None,
) -> dict:
    """What the budget would look like with a line as typed (not saved): the cap check
    of the event (and HQ's year), the line's regulation amount and its excess."""
    from crmplus.seminars import rules as r

    regulation = None
    if rules.rates.rated(category):
        regulation = r.attendee_cost(
            rules.rates, {r.EXECUTIVE: executive, r.OPERATIONAL: operational}, days, [category]
        )
    amount = planned if planned is not None else (regulation or ZERO)
    if actual is not None:
        amount = actual
    lines = [ln for ln in event_lines(event) if editing is None or ln.pk != editing.pk]
    cap_lines = [_cap_line(ln) for ln in lines]
    speaker = category == r.SPEAKER_FEE
    approved = False
    if editing is not None and speaker:
        approved = editing.exceptions.filter(
            status=ExceptionStatus.APPROVED, amount__gte=amount
        ).exists()
    cap_lines.append(CapLine(amount=amount, is_speaker_fee=speaker, speaker_fee_approved=approved))
    if event.unit.is_hq:
        check = cap_check(
            lines=cap_lines,
            event_cap=rules.event_cap,
            hq_year_cap=rules.hq_year_cap,
            hq_year_used_elsewhere=hq_year_used(fy=event.fy, exclude=event),
        )
    else:
        check = cap_check(lines=cap_lines, event_cap=rules.event_cap)
    return {
        "check": check,
        "amount": amount,
        "regulation": regulation,
        "excess": r.excess_over_rate(amount if planned is not None else ZERO, regulation),
        "speaker": speaker,
        "speaker_approved": approved,
    }


def event_attendance_by_segment(event: Event) -> list[SegmentAttendance]:
    """Attendance of one event by key-account segment (segments of its fiscal year,
    or of the latest year with key accounts before it)."""
    invitations = list(event.invitations.values("bp_id", "rsvp", "attended"))
    return _by_segment(invitations, key_account_fy(event.fy))


def key_account_fy(fy: int) -> int:
    """The key-account year to read segments from: `fy`, else the latest before it."""
    latest = (
        KeyAccount.objects.filter(fy__lte=fy).order_by("-fy").values_list("fy", flat=True).first()
    )
    return latest or fy


def _by_segment(invitations: list[dict], fy: int) -> list[SegmentAttendance]:
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


@dataclass(frozen=True)
class AreaEvents:
    area: OrgUnit | None  # None: HQ's own events
    by_kind: dict[str, int]
    total: int
    committed: Decimal


def events_per_area(*, user: User, fy: int) -> list[AreaEvents]:
    """Events of fiscal year `fy` per area (HQ's own first), by type, with committed money."""
    events = list(
        Event.objects.for_user(user)
        .filter(fy=fy)
        .select_related("unit")
        .prefetch_related("lines")
        .order_by("unit__path")
    )
    areas = {u.code: u for u in OrgUnit.objects.filter(kind=OrgUnitKind.AREA)}
    rows: dict[str, dict] = {}
    for event in events:
        if event.unit.is_hq:
            key, area = "", None
        else:
            code = event.unit.path.strip("/").split("/")
            area = next((areas[c] for c in code if c in areas), None)
            key = area.code if area else event.unit.code
        row = rows.setdefault(key, {"area": area, "by_kind": {}, "total": 0, "committed": ZERO})
        row["by_kind"][event.kind] = row["by_kind"].get(event.kind, 0) + 1
        row["total"] += 1
        if event.status in COMMITTED_STATUSES:
            row["committed"] += sum((ln.amount for ln in event.lines.all()), ZERO)
    return [AreaEvents(**rows[k]) for k in sorted(rows)]


def key_accounts_to_invite(*, user: User, event: Event, q: str = ""):
    """Key accounts in the user's scope (of the event's key-account year) not yet
    invited, with their contacts, for the invitation picker."""
    from django.db.models import Q

    from crmplus.customers.models import BusinessPartner, Contact

    ka_fy = key_account_fy(event.fy)
    bp_ids = KeyAccount.objects.for_user(user).filter(fy=ka_fy).values("bp_id")
    qs = BusinessPartner.objects.for_user(user).filter(pk__in=bp_ids)
    if q:
        qs = qs.filter(Q(bp_number__contains=q) | Q(name_th__icontains=q) | Q(name_en__icontains=q))
    qs = qs.exclude(pk__in=event.invitations.filter(contact__isnull=True).values("bp_id"))
    return qs.order_by("bp_number").prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "name"))
    )


def segments_of(bp_ids, fy: int) -> dict[int, str]:
    """Each BP's highest key-account segment in the key-account year of `fy`."""
    rank = {s: i for i, s in enumerate(SEGMENT_ORDER)}
    best: dict[int, str] = {}
    for bp_id, segment in KeyAccount.objects.filter(
        fy=key_account_fy(fy), bp_id__in=list(bp_ids)
    ).values_list("bp_id", "segment"):
        if bp_id not in best or rank[segment] < rank[best[bp_id]]:
            best[bp_id] = segment
    return best
