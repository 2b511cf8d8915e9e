"""The customer timeline: one list of visits, calls, services, risk changes and approvals.

Each app registers a source (`register_timeline_source`); this module registers the
engagement sources (visits, Tele CRM), risk changes and approvals, and renders the
customer tab from every registered source. Each source is scoped to the user.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.extensions import TimelineEntry, timeline_sources
from crmplus.engagement.models import TeleCrmEntry, Visit, VisitStatus

logger = logging.getLogger(__name__)
MAX_PER_SOURCE = 200


def visit_entries(bp, user) -> Iterable[TimelineEntry]:
    qs = (
        Visit.objects.for_user(user)
        .filter(bp=bp)
        .select_related("kamr")
        .order_by("-starts_at")[:MAX_PER_SOURCE]
    )
    for v in qs:
        if v.status == VisitStatus.DONE:
            title = _("Visit done (%(mode)s)") % {"mode": v.get_mode_display()}
            detail = v.topics[:300] or v.objective_text
        elif v.status == VisitStatus.CANCELLED:
            title = _("Visit cancelled (%(mode)s)") % {"mode": v.get_mode_display()}
            detail = v.cancel_reason[:300]
        else:
            title = _("Visit planned (%(mode)s)") % {"mode": v.get_mode_display()}
            detail = v.objective_text
        yield TimelineEntry(
            at=v.starts_at,
            kind="visit",
            title=title,
            detail=f"{detail} · {v.kamr.name}",
            url=v.get_absolute_url(),
            icon=_("Visit"),
        )


def call_entries(bp, user) -> Iterable[TimelineEntry]:
    qs = TeleCrmEntry.objects.for_user(user).filter(bp=bp).order_by("-at")[:MAX_PER_SOURCE]
    for e in qs:
        yield TimelineEntry(
            at=e.at,
            kind="call",
            title=_("Tele CRM: %(kind)s") % {"kind": e.get_kind_display()},
            detail=e.summary[:300],
            icon=_("Call"),
        )


def risk_entries(bp, user) -> Iterable[TimelineEntry]:
    """Submitted, confirmed and sent-back risk assessments, and level changes."""
    from crmplus.risk.models import RiskAssessment, RiskLevel

    ids = list(
        RiskAssessment.objects.for_user(user).filter(bp=bp).values_list("pk", flat=True)[:50]
    )
    if not ids:
        return
    labels = dict(RiskLevel.choices)
    previous: dict[int, tuple[str, int]] = {}
    rows = RiskAssessment.history.filter(id__in=ids).order_by("id", "history_date")
    out = []
    for h in rows:
        before = previous.get(h.id)
        previous[h.id] = (h.status, h.level)
        level = labels.get(h.level, h.level)
        title = ""
        if before is None or before[0] != h.status:
            if h.status == "confirmed":
                title = _("Risk level confirmed: %(level)s (FY%(fy)s)")
            elif h.status == "submitted":
                title = _("Risk assessment submitted: %(level)s (FY%(fy)s)")
            elif h.status == "returned":
                title = _("Risk assessment sent back (FY%(fy)s)")
        elif before[1] != h.level:
            title = _("Risk level changed to %(level)s (FY%(fy)s)")
        if title:
            out.append(
                TimelineEntry(
                    at=h.history_date,
                    kind="risk",
                    title=title % {"level": level, "fy": h.fy},
                    detail=(h.history_change_reason or "") if h.history_change_reason else "",
                    url=_risk_url(h.id),
                    icon=_("Risk"),
                )
            )
    yield from out[-MAX_PER_SOURCE:]


def _risk_url(pk: int) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("risk:detail", args=[pk])
    except NoReverseMatch:
        return ""


def _subject_ids_for_bp(model, bp) -> list[int] | None:
    """Ids of `model` rows about the BP: a `bp` field, or an assessment's BP."""
    names = {f.name for f in model._meta.get_fields()}
    manager = model._default_manager
    if "bp" in names:
        return list(manager.filter(bp=bp).values_list("pk", flat=True)[:500])
    if "assessment" in names:
        return list(manager.filter(assessment__bp=bp).values_list("pk", flat=True)[:500])
    return None


def approval_entries(bp, user) -> Iterable[TimelineEntry]:
    """Submissions and decisions of approval requests whose subject is about the BP."""
    from crmplus.approvals.models import ApprovalEvent, ApprovalRequest

    requests = ApprovalRequest.objects.for_user(user)
    type_ids = requests.order_by().values_list("content_type_id", flat=True).distinct()
    wanted = []
    for ct in ContentType.objects.filter(pk__in=list(type_ids)):
        model = ct.model_class()
        if model is None:
            continue
        ids = _subject_ids_for_bp(model, bp)
        if ids:
            wanted.append((ct.pk, ids))
    if not wanted:
        return
    from django.db.models import Q

    cond = Q()
    for ct_id, ids in wanted:
        cond |= Q(request__content_type_id=ct_id, request__object_id__in=ids)
    events = (
        ApprovalEvent.objects.filter(cond, request__in=requests)
        .select_related("request", "actor")
        .order_by("-at")[:MAX_PER_SOURCE]
    )
    for ev in events:
        yield TimelineEntry(
            at=ev.at,
            kind="approval",
            title=f"{ev.get_action_display()}: {ev.request.title}",
            detail=ev.comment[:300] if ev.comment else ev.request.kind_label,
            url=ev.request.get_absolute_url(),
            icon=_("Approval"),
        )


def entries_for(bp, user, kinds: set[str] | None = None) -> list[TimelineEntry]:
    """Every registered source's entries for the BP, newest first."""
    out: list[TimelineEntry] = []
    for key, source in timeline_sources().items():
        try:
            for entry in source(bp, user):
                if kinds and entry.kind not in kinds:
                    continue
                out.append(entry)
        except Exception:  # noqa: BLE001 - one broken source must not hide the others
            logger.exception("Timeline source %s failed", key)
    far_past = timezone.make_aware(dt.datetime(1900, 1, 1))
    out.sort(key=lambda e: e.at or far_past, reverse=True)
    return out
