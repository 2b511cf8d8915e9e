"""What an invitation letter says: one context for the PDF and the e-mail."""

from __future__ import annotations

from django.utils import timezone

from crmplus.core.fiscal import format_date
from crmplus.seminars.models import Event, Invitation

# The letter is a Thai document whatever the user's language (it goes to Thai customers).
KIND_TH = {
    "seminar": "สัมมนาลูกค้ารายใหญ่",
    "study_trip": "ศึกษาดูงาน",
    "recreation": "กิจกรรมนันทนาการและการแข่งขันกีฬาเชื่อมความสัมพันธ์",
    "reception": "งานเลี้ยงรับรอง",
}


def dates_th(event: Event) -> str:
    if event.starts_on == event.ends_on:
        return "วันที่ " + format_date(event.starts_on, "th", long=True)
    return (
        "วันที่ "
        + format_date(event.starts_on, "th", long=True)
        + " ถึงวันที่ "
        + format_date(event.ends_on, "th", long=True)
    )


def letter_context(event: Event, invitations: list[Invitation]) -> dict:
    unit = event.unit
    org = "การไฟฟ้าส่วนภูมิภาค" if unit.is_hq else unit.name_th
    letters = []
    for inv in invitations:
        contact = inv.contact
        if contact is not None:
            to = contact.name + (f" ({contact.position})" if contact.position else "")
        else:
            to = "กรรมการผู้จัดการ"
        letters.append({"invitation": inv, "to": to, "company": inv.bp.name_th})
    return {
        "event": event,
        "org": org,
        "kind_th": KIND_TH.get(event.kind, "สัมมนา"),
        "dates_th": dates_th(event),
        "today_th": format_date(timezone.localdate(), "th", long=True),
        "letters": letters,
    }
