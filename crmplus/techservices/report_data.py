"""The report of a service, per type, as structured data (stored in ServiceRequest.report).

FMS4 (thermal scan): hot spots, each a location, a temperature in °C and a severity.
FMS1 (patrol): findings, each an item inspected, what was found, a severity, an action.
FMS2 (load profile): peak kW, load factor (%), notes.
The others: notes. Every report has a summary (result and recommendations), which
the customer's PDF report leads with.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TEXT_MAX = 5000
LINE_MAX = 300
ROWS_MAX = 200


class Severity(models.TextChoices):
    LOW = "low", gettext_lazy("Low")
    MEDIUM = "medium", gettext_lazy("Medium")
    HIGH = "high", gettext_lazy("High")
    CRITICAL = "critical", gettext_lazy("Critical")


SEVERITY_TH = {"low": "ต่ำ", "medium": "ปานกลาง", "high": "สูง", "critical": "วิกฤต"}


def report_kind(code: str) -> str:
    return {"FMS1": "findings", "FMS2": "load_profile", "FMS4": "hot_spots"}.get(code, "notes")


def _text(value: Any, field: str, max_length: int = TEXT_MAX, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise ValidationError({field: _("Text cannot contain NUL characters.")})
    if required and not text:
        raise ValidationError({field: _("This field is required.")})
    if len(text) > max_length:
        raise ValidationError({field: _("At most %(n)s characters, please.") % {"n": max_length}})
    return text


def _number(value: Any, field: str, low: Decimal, high: Decimal, required: bool) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: _("This field is required.")})
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            {field: _("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high}}
        )
    return float(round(number, 2))


def _severity(value: Any, field: str) -> str:
    value = str(value or "").strip()
    if value not in Severity.values:
        raise ValidationError({field: _("Choose a severity of the list.")})
    return value


def report_clean(code: str, data: dict[str, Any] | None) -> dict[str, Any]:
    """A checked, normalised report for service `code`; ValidationError with field paths
    such as "hot_spots.0.temperature_c"."""
    data = data or {}
    if not isinstance(data, dict):
        raise ValidationError({"report": _("The report must be an object.")})
    out: dict[str, Any] = {"summary": _text(data.get("summary"), "summary")}
    kind = report_kind(code)
    if kind == "hot_spots":
        rows = data.get("hot_spots") or []
        if not isinstance(rows, list) or len(rows) > ROWS_MAX:
            raise ValidationError({"hot_spots": _("Give at most %(n)s rows.") % {"n": ROWS_MAX}})
        spots = []
        for n, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            f = f"hot_spots.{n}"
            spots.append(
                {
                    "location": _text(row.get("location"), f"{f}.location", LINE_MAX, True),
                    "temperature_c": _number(
                        row.get("temperature_c"),
                        f"{f}.temperature_c",
                        Decimal(-40),
                        Decimal(1500),
                        True,
                    ),
                    "severity": _severity(row.get("severity"), f"{f}.severity"),
                }
            )
        out["hot_spots"] = spots
        out["ambient_c"] = _number(
            data.get("ambient_c"), "ambient_c", Decimal(-20), Decimal(60), False
        )
    elif kind == "findings":
        rows = data.get("findings") or []
        if not isinstance(rows, list) or len(rows) > ROWS_MAX:
            raise ValidationError({"findings": _("Give at most %(n)s rows.") % {"n": ROWS_MAX}})
        findings = []
        for n, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            f = f"findings.{n}"
            findings.append(
                {
                    "item": _text(row.get("item"), f"{f}.item", LINE_MAX, True),
                    "finding": _text(row.get("finding"), f"{f}.finding", TEXT_MAX, True),
                    "severity": _severity(row.get("severity"), f"{f}.severity"),
                    "action": _text(row.get("action"), f"{f}.action", TEXT_MAX),
                }
            )
        out["findings"] = findings
    elif kind == "load_profile":
        out["peak_kw"] = _number(data.get("peak_kw"), "peak_kw", Decimal(0), Decimal(10**7), False)
        out["load_factor"] = _number(
            data.get("load_factor"), "load_factor", Decimal(0), Decimal(100), False
        )
        out["notes"] = _text(data.get("notes"), "notes")
    else:
        out["notes"] = _text(data.get("notes"), "notes")
    return out


def report_ready(code: str, report: dict[str, Any]) -> None:
    """What a report needs before the service can be marked done."""
    if not (report.get("summary") or "").strip():
        raise ValidationError({"summary": _("Write the summary of the result before completing.")})
    if report_kind(code) == "load_profile" and report.get("peak_kw") is None:
        raise ValidationError({"peak_kw": _("Give the peak demand (kW) of the load profile.")})
