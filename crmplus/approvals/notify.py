"""In-app notifications and e-mails about approval requests.

Each message is written in both languages (the in-app list follows whoever
reads it) and e-mailed in the recipient's own language. E-mails leave only
after the decision commits, and a mail server that fails is logged: it never
undoes a decision.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from crmplus.approvals.models import ApprovalRequest, ApprovalStatus, Notification
from crmplus.core.models import User

logger = logging.getLogger(__name__)

LANGUAGES = ("th", "en")
# Message -> (title, e-mail body) in the active language.
Message = Callable[[ApprovalRequest, User], tuple[str, str]]


def _who(user: User) -> str:
    return user.get_full_name() or user.get_username()


def submitted_message(request: ApprovalRequest, by: User) -> tuple[str, str]:
    if request.round > 1:
        title = _("Resubmitted for your approval (round %(round)s): %(title)s") % {
            "round": request.round,
            "title": request.title,
        }
    else:
        title = _("For your approval: %(title)s") % {"title": request.title}
    body = _("%(who)s submitted %(kind)s for %(unit)s.") % {
        "who": _who(by),
        "kind": request.kind_label,
        "unit": request.unit.name,
    }
    if request.summary:
        body += "\n\n" + request.summary
    return title, body


def decided_message(request: ApprovalRequest, by: User) -> tuple[str, str]:
    if request.status == ApprovalStatus.APPROVED:
        title = _("Approved: %(title)s") % {"title": request.title}
        body = _("%(who)s approved your request.") % {"who": _who(by)}
        if request.decision_reason:
            body += "\n\n" + _("Comment: %(text)s") % {"text": request.decision_reason}
    else:
        title = _("Rejected: %(title)s") % {"title": request.title}
        body = _("%(who)s rejected your request.") % {"who": _who(by)}
        body += "\n\n" + _("Reason: %(text)s") % {"text": request.decision_reason}
        body += "\n\n" + _("You can change it and submit it again.")
    return title, body


def _absolute(path: str) -> str:
    base = getattr(settings, "CRMPLUS_BASE_URL", "").rstrip("/")
    return base + path


def notify(
    recipients: Iterable[User], request: ApprovalRequest, by: User, message: Message
) -> list[Notification]:
    """Write a notification for each recipient and e-mail them once the transaction commits."""
    url = request.get_absolute_url()
    texts = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            texts[lang] = message(request, by)
    created = []
    for user in recipients:
        created.append(
            Notification.objects.create(
                user=user, title_th=texts["th"][0][:300], title_en=texts["en"][0][:300], url=url
            )
        )
        if user.email:
            lang = user.language if user.language in LANGUAGES else settings.LANGUAGE_CODE
            title, body = texts[lang]
            with translation.override(lang):
                body = f"{body}\n\n{_('Open the request')}: {_absolute(url)}"
            transaction.on_commit(partial(_send, user.email, title, body))
    return created


def notify_text(
    recipients: Iterable[User],
    texts: dict[str, tuple[str, str]],
    url: str = "",
    link_label: dict[str, str] | None = None,
) -> list[Notification]:
    """A notification (and an e-mail after commit) that is not about an approval request.

    `texts` maps "th" and "en" to (title, e-mail body); reminders and escalations of
    every app use this, so they land in the same bell and inbox as approvals.
    """
    created = []
    for user in recipients:
        created.append(
            Notification.objects.create(
                user=user, title_th=texts["th"][0][:300], title_en=texts["en"][0][:300], url=url
            )
        )
        if user.email:
            lang = user.language if user.language in LANGUAGES else settings.LANGUAGE_CODE
            title, body = texts[lang]
            if url:
                with translation.override(lang):
                    label = (link_label or {}).get(lang) or _("Open")
                body = f"{body}\n\n{label}: {_absolute(url)}"
            transaction.on_commit(partial(_send, user.email, title, body))
    return created


def _send(address: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # noqa: BLE001 - any mail failure is logged; the decision stands
        logger.exception("Approval e-mail to %s failed", address)
