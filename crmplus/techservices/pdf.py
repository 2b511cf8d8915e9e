"""The customer's report of a technical service: a Thai PDF on PEA letterhead."""

from __future__ import annotations

from crmplus.core.fiscal import format_date
from crmplus.core.pdf import render_pdf
from crmplus.techservices.catalogue import FMS_LABELS_TH
from crmplus.techservices.models import ServiceRequest
from crmplus.techservices.report_data import SEVERITY_TH, report_kind

STATUS_TH = {
    "requested": "รับคำขอแล้ว",
    "scheduled": "นัดหมายแล้ว",
    "done": "ดำเนินการแล้วเสร็จ",
    "cancelled": "ยกเลิก",
}


def _num(value, decimals: int = 1) -> str:
    if value is None or value == "":
        return "—"
    return f"{float(value):,.{decimals}f}"


def service_report_pdf(req: ServiceRequest) -> bytes:
    """Always in Thai: the customer's copy (dates in the Buddhist era)."""
    report = req.report or {}
    hot_spots = [
        {
            **h,
            "temperature": _num(h.get("temperature_c")),
            "severity_th": SEVERITY_TH.get(h.get("severity"), ""),
        }
        for h in report.get("hot_spots") or []
    ]
    findings = [
        {**f, "severity_th": SEVERITY_TH.get(f.get("severity"), "")}
        for f in report.get("findings") or []
    ]
    staff = req.staff.get_full_name() or req.staff.username if req.staff_id else ""
    context = {
        "req": req,
        "service_th": FMS_LABELS_TH.get(req.code, req.code),
        "kind": report_kind(req.code),
        "report": report,
        "hot_spots": hot_spots,
        "findings": findings,
        "ambient": _num(report.get("ambient_c")),
        "peak_kw": _num(report.get("peak_kw"), 2),
        "load_factor": _num(report.get("load_factor")),
        "status_th": STATUS_TH.get(req.status, req.status),
        "requested_on": format_date(req.requested_on, "th", long=True),
        "scheduled_for": format_date(req.scheduled_for, "th", long=True)
        if req.scheduled_for
        else "—",
        "completed_on": format_date(req.completed_on, "th", long=True) if req.completed_on else "—",
        "ack_date": format_date(req.ack_date, "th", long=True) if req.ack_date else "",
        "staff": staff,
        "office": req.office.name_th,
        "attachments": list(req.attachments.all()),
    }
    return render_pdf("techservices/pdf_report.html", context, lang="th")
