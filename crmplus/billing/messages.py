"""Words for the codes of crmplus.billing.extract (which has no gettext of its own)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.billing.extract import EXTRACT_COLUMNS, ExtractError, ExtractReport

MESSAGES = {
    "unreadable": gettext_lazy(
        "The file cannot be read (%(detail)s). Save it as UTF-8 CSV or as Parquet."
    ),
    "empty": gettext_lazy("The file has no data rows."),
    "missing_columns": gettext_lazy("Missing columns: %(columns)s."),
    "extra_columns": gettext_lazy("Columns that are not part of the format: %(columns)s."),
    "wrong_type": gettext_lazy("Not a number."),
    "wrong_type_column": gettext_lazy("The column's type is %(dtype)s; it must be %(expected)s."),
    "null_value": gettext_lazy("Empty value."),
    "bad_ca": gettext_lazy("A CA number has exactly 12 digits (leading zeros allowed)."),
    "bad_bp": gettext_lazy("A BP number has 1 to 12 digits."),
    "unknown_office": gettext_lazy("Not an office code of the organisation tree."),
    "bad_month": gettext_lazy("A month is written YYYY-MM (Christian era), e.g. 2025-10."),
    "month_outside_fy": gettext_lazy(
        "The month is outside fiscal year %(fy)s (%(first)s to %(last)s)."
    ),
    "negative_kwh": gettext_lazy("kWh cannot be negative."),
    "negative_peak_kw": gettext_lazy("Peak kW cannot be negative."),
    "duplicate_ca_month": gettext_lazy(
        "The same CA appears more than once in the same month (%(cas)s CAs concerned)."
    ),
}
EXPECTED = {
    "digits": gettext_lazy("digits (text or integer)"),
    "text": gettext_lazy("text"),
    "number": gettext_lazy("a number"),
}


def error_message(error: ExtractError) -> str:
    params: dict[str, Any] = dict(error.params)
    key = error.code
    if key == "wrong_type" and "dtype" in params:
        key = "wrong_type_column"
        params["expected"] = str(EXPECTED.get(params.get("expected"), params.get("expected")))
    if "columns" in params:
        params["columns"] = ", ".join(params["columns"])
    template = MESSAGES.get(key)
    if template is None:
        return error.code
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def report_rows(report: ExtractReport | dict) -> list[dict[str, Any]]:
    """The report's errors as table rows for templates and the command line."""
    if isinstance(report, dict):
        report = ExtractReport.from_dict(report)
    rows = []
    for error in report.errors:
        examples = [
            {"row": e.get("row"), "values": [e.get(c) for c in EXTRACT_COLUMNS]}
            for e in error.examples
        ]
        rows.append(
            {
                "code": error.code,
                "column": error.column or "",
                "count": error.count,
                "message": error_message(error),
                "examples": examples,
            }
        )
    return rows


def report_summary(report: ExtractReport) -> str:
    """One line for the job and the command line; the table has the details."""
    if len(report.errors) == 1 and report.errors[0].code in {"unreadable", "empty"}:
        return error_message(report.errors[0])
    return _("The file was rejected: nothing was stored. Correct it and upload it again.")
