"""One audit timeline built from django-simple-history records, reused by every app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from crmplus.core.fiscal import format_date, format_datetime, format_number

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    object_label: str
    object_kind: str
    reason: str = ""
    changes: list[Change] = field(default_factory=list)


def _display(record, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    try:
        f = record.instance_type._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a removed field still shows its raw value
        return str(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.is_relation:
        target = f.related_model.objects.filter(pk=value).first()
        return str(target) if target else str(value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    lang = "th" if (get_language() or "th").startswith("th") else "en"
    # Same look as the pages: Buddhist-era dates in Thai, money with separators.
    if isinstance(value, datetime):
        return format_datetime(
            timezone.localtime(value) if timezone.is_aware(value) else value, lang
        )
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Decimal):
        return format_number(value, max(0, -int(value.as_tuple().exponent)))
    return str(value)


def _who(user) -> str:
    if user is None:
        return str(_("system"))
    return user.get_full_name() or user.get_username()


def history_entries(*histories: QuerySet, limit: int = 200) -> list[HistoryEntry]:
    """Merge several history querysets, newest first, each with its field changes."""
    records = []
    for qs in histories:
        records.extend(qs.select_related("history_user").order_by("-history_date")[:limit])
    records.sort(key=lambda r: r.history_date, reverse=True)
    entries = []
    for record in records[:limit]:
        changes: list[Change] = []
        if record.history_type == "~":
            prev = record.prev_record
            if prev is not None:
                delta = record.diff_against(prev)
                for c in delta.changes:
                    try:
                        label = str(record.instance_type._meta.get_field(c.field).verbose_name)
                    except Exception:  # noqa: BLE001
                        label = c.field
                    changes.append(
                        Change(
                            label,
                            _display(record, c.field, c.old),
                            _display(record, c.field, c.new),
                        )
                    )
            if not changes and prev is not None:
                continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_who(record.history_user),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                object_label=str(record.instance),
                object_kind=str(record.instance_type._meta.verbose_name),
                # Apps mark their reasons for translation (gettext_noop): show them
                # in the reader's language.
                reason=gettext(record.history_change_reason)
                if record.history_change_reason
                else "",
                changes=changes,
            )
        )
    return entries
