"""What technical services add to pages and jobs they do not own: the customer
timeline, a dashboard panel, the daily reminders and the demo step (see
crmplus.core.extensions)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crmplus.core.extensions import DashboardScope, TimelineEntry
from crmplus.core.fiscal import format_date
from crmplus.techservices.models import PowerQualityProblem, RequestStatus, ServiceRequest

OVERDUE_REPEAT_DAYS = 7


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def timeline_entries(bp, user) -> Iterable[TimelineEntry]:
    """One entry per service request (at its latest step) and per power-quality problem."""
    from crmplus.customers.models import BusinessPartner

    if not BusinessPartner.objects.for_user(user).filter(pk=bp.pk).exists():
        return []
    entries = []
    rows = ServiceRequest.objects.for_user(user).filter(bp_id=bp.pk).order_by("-requested_on")
    for r in rows[:200]:
        if r.status == RequestStatus.DONE and r.completed_on:
            day, what = r.completed_on, _("done")
        elif r.status == RequestStatus.SCHEDULED and r.scheduled_for:
            day, what = r.scheduled_for, _("scheduled")
        elif r.status == RequestStatus.CANCELLED:
            day, what = r.requested_on, _("cancelled")
        else:
            day, what = r.requested_on, _("requested")
        entries.append(
            TimelineEntry(
                at=_at(day),
                kind="service",
                title=f"{r.get_code_display()} ({what})",
                detail=(r.report or {}).get("summary", "") or r.purpose,
                url=r.get_absolute_url(),
                icon=r.code,
            )
        )
    for p in PowerQualityProblem.objects.filter(bp_id=bp.pk).order_by("-observed_on")[:50]:
        entries.append(
            TimelineEntry(
                at=_at(p.observed_on, 8),
                kind="service",
                title=_("Power-quality problem: %(kind)s") % {"kind": p.get_kind_display()},
                detail=p.description,
                url=reverse("techservices:customer_tab", args=[bp.pk]),
                icon="PQ",
            )
        )
    return entries


def dashboard_panel(request, scope: DashboardScope) -> str:
    from crmplus.techservices.selectors import counts_by_code

    rows = counts_by_code(scope.unit_ids, scope.fy)
    total = {k: sum(r[k] for r in rows) for k in ("requested", "scheduled", "done", "cancelled")}
    return render_to_string(
        "techservices/_dashboard_panel.html",
        {"rows": rows, "total": total, "fy": scope.fy},
        request=request,
    )


def _texts(kind: str, rows: list[ServiceRequest], lang: str) -> tuple[str, str]:
    with translation.override(lang):
        if kind == "upcoming":
            title = _("%(n)s technical service(s) coming up") % {"n": len(rows)}
        else:
            title = _("%(n)s technical service(s) overdue: not yet done") % {"n": len(rows)}
        lines = [
            f"- {r.number} {r.code} {r.bp.name_th} · {format_date(r.scheduled_for, lang)}"
            for r in rows[:20]
        ]
        if len(rows) > 20:
            lines.append(_("… and %(n)s more") % {"n": len(rows) - 20})
        return title, "\n".join(lines)


def daily_reminders(day: dt.date) -> str:
    """Remind the responsible staff of services coming up in the next days (once per
    scheduled day) and of scheduled services past their day (once a week). Running it
    again the same day sends nothing new."""
    from crmplus.approvals.notify import notify_text
    from crmplus.core.fiscal import fiscal_year
    from crmplus.core.settings_registry import rule_get
    from crmplus.techservices.entitlements import REMINDER_DAYS_KEY

    try:
        ahead = max(int(rule_get(REMINDER_DAYS_KEY, fiscal_year(day))), 0)
    except (TypeError, ValueError):
        ahead = 3
    base = ServiceRequest.objects.filter(status=RequestStatus.SCHEDULED).select_related(
        "bp", "staff", "created_by"
    )
    upcoming = list(
        base.filter(scheduled_for__gte=day, scheduled_for__lte=day + dt.timedelta(days=ahead))
        .exclude(upcoming_reminded_for=F("scheduled_for"))
        .order_by("scheduled_for", "pk")
    )
    repeat = day - dt.timedelta(days=OVERDUE_REPEAT_DAYS)
    overdue = list(
        base.filter(scheduled_for__lt=day)
        .filter(Q(overdue_reminded_on__isnull=True) | Q(overdue_reminded_on__lte=repeat))
        .exclude(overdue_reminded_on__gt=day)
        .order_by("scheduled_for", "pk")
    )
    sent = 0
    for kind, rows in (("upcoming", upcoming), ("overdue", overdue)):
        by_user: dict = defaultdict(list)
        for r in rows:
            who = r.staff if r.staff_id and r.staff.is_active else r.created_by
            by_user[who].append(r)
        url = reverse("techservices:home") + (
            "?status=scheduled" if kind == "upcoming" else "?overdue=1"
        )
        for user, items in by_user.items():
            notify_text(
                [user], {"th": _texts(kind, items, "th"), "en": _texts(kind, items, "en")}, url
            )
            sent += 1
        ids = [r.pk for r in rows]
        if kind == "upcoming":
            for r in rows:
                ServiceRequest.objects.filter(pk=r.pk).update(upcoming_reminded_for=r.scheduled_for)
        else:
            ServiceRequest.objects.filter(pk__in=ids).update(overdue_reminded_on=day)
    return f"{len(upcoming)} upcoming, {len(overdue)} overdue services; {sent} reminders"


def demo_step(seed: int) -> str:
    from crmplus.techservices.demo import demo_services_load

    return demo_services_load(seed=seed)
