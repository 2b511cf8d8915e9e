"""Writes of the survey app besides the import: low-satisfaction follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from crmplus.core.fiscal import format_date
from crmplus.core.models import Role, User
from crmplus.core.permissions import require_write
from crmplus.surveys.models import FollowUpStatus, LowSatisfactionFollowUp, SurveyResponse
from crmplus.surveys.rules_settings import due_days_for, threshold_for


def responsible_kamr(response: SurveyResponse, on: dt.date | None = None):
    """The employee responsible for the key account on `on` (the survey date by
    default), else the latest one the year had; None when nobody was assigned."""
    from crmplus.workforce.models import AccountAssignment

    qs = AccountAssignment.objects.filter(
        fy=response.fy, bp_id=response.bp_id, office_id=response.office_id
    ).select_related("employee", "employee__user")
    current = qs.open_on(on or response.survey_date).order_by("-start", "-pk").first()
    if current is None:
        current = qs.order_by("-start", "-pk").first()
    return current.employee if current else None


def _recipients(follow_up: LowSatisfactionFollowUp) -> list[User]:
    """The KAMR's user account; without one, the admins of the owning area (or HQ)."""
    kamr = follow_up.kamr
    if kamr is not None and kamr.user_id and kamr.user.is_active:
        return [kamr.user]
    area = follow_up.response.area
    role = Role.HQ_ADMIN if area.is_hq else Role.AREA_ADMIN
    return list(User.objects.filter(home_unit=area, role=role, is_active=True))


def _notify(follow_up: LowSatisfactionFollowUp) -> None:
    from crmplus.approvals.notify import notify_text

    bp, response = follow_up.bp, follow_up.response
    score = f"{response.satisfaction_avg:.2f}"
    texts = {
        "th": (
            f"ติดตามความพึงพอใจต่ำ: {bp.name_th}",
            f"ผลสำรวจความพึงพอใจปีงบประมาณ {follow_up.fy} ของ {bp.name_th} ({bp.bp_number}) "
            f"ได้ {score} ต่ำกว่าเกณฑ์ {follow_up.threshold} "
            f"กรุณาติดตามลูกค้าภายใน {format_date(follow_up.due_date, 'th')}",
        ),
        "en": (
            f"Low satisfaction to follow up: {bp.name_en or bp.name_th}",
            f"The FY{follow_up.fy} satisfaction survey of {bp.name_en or bp.name_th} "
            f"({bp.bp_number}) scored {score}, below {follow_up.threshold}. "
            f"Please follow the customer up by {format_date(follow_up.due_date, 'en')}.",
        ),
    }
    notify_text(_recipients(follow_up), texts, url=follow_up.get_absolute_url())


def follow_ups_open(
    *,
    responses: Iterable[SurveyResponse],
    by: User | None,
    notify: bool = True,
    opened_on: dt.date | None = None,
) -> list[LowSatisfactionFollowUp]:
    """A follow-up for every response whose satisfaction is below the year's threshold
    (a setting), assigned to the responsible KAMR, who is notified."""
    opened = []
    today = opened_on or timezone.localdate()
    with transaction.atomic():
        for response in responses:
            threshold = threshold_for(response.fy)
            if response.satisfaction_avg >= threshold:
                continue
            if LowSatisfactionFollowUp.objects.filter(response=response).exists():
                continue
            start = max(today, response.survey_date) if opened_on is None else opened_on
            follow_up = LowSatisfactionFollowUp.objects.create(
                response=response,
                fy=response.fy,
                bp=response.bp,
                unit=response.unit,
                kamr=responsible_kamr(response),
                threshold=threshold,
                due_date=start + dt.timedelta(days=due_days_for(response.fy)),
            )
            opened.append(follow_up)
            if notify:
                _notify(follow_up)
    return opened


# Who closes a follow-up: the account's people, not approvers (who only read it).
CLOSER_ROLES = frozenset({Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN, Role.HQ_ADMIN})


def can_close_follow_ups(user: User) -> bool:
    return user.can_write and user.role in CLOSER_ROLES


def follow_up_close(*, follow_up: LowSatisfactionFollowUp, note: str, by: User):
    """The KAMR (or their senior or admin) records what was done and closes the task."""
    require_write(by)
    if by.role not in CLOSER_ROLES:
        raise PermissionDenied(_("Only KAMRs, Senior KAMRs and admins close follow-ups."))
    if not LowSatisfactionFollowUp.objects.for_user(by).filter(pk=follow_up.pk).exists():
        raise Http404
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what was done with the customer.")})
    with transaction.atomic():
        follow_up = LowSatisfactionFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.status == FollowUpStatus.DONE:
            raise ValidationError({"note": _("This follow-up is already closed.")})
        follow_up.note = note[:4000]
        follow_up.status = FollowUpStatus.DONE
        follow_up.closed_by = by
        follow_up.closed_at = timezone.now()
        follow_up._change_reason = "closed"
        follow_up.save()
    return follow_up
