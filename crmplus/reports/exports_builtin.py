"""The existing big lists as background exports, reusing each list's own filters and writer.

Each list keeps its synchronous "Export XLSX" for a quick download; these run the same
export in the worker for large result sets. The filters are read with the list's own
filter form from the stored query string, as the job's owner, so the rows are the list
the user saw.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crmplus.reports.exports import Progress, register_export


def _call_writer(fn: Callable, progress: Progress, **kwargs) -> int:
    """Call an app's XLSX writer, passing the progress callback once it takes one
    (`progress(rows_done)`); until then the bar shows the row count, not the share done."""
    if "progress" in inspect.signature(fn).parameters:
        kwargs["progress"] = progress
    return fn(**kwargs)


# -- customers (crmplus.customers.exports.customers_export_xlsx) ---------------------------


def _customer_filters(user, params: QueryDict):
    from crmplus.customers.forms import CustomerFilterForm
    from crmplus.customers.views import _filters_from

    return _filters_from(CustomerFilterForm(params or None, user=user))


def customers_count(user, params: QueryDict) -> int:
    from crmplus.customers import selectors

    return selectors.customer_list(user=user, filters=_customer_filters(user, params)).count()


def customers_write(user, params: QueryDict, path: Path, progress: Progress) -> int:
    from crmplus.customers.exports import customers_export_xlsx

    return _call_writer(
        customers_export_xlsx,
        progress,
        user=user,
        filters=_customer_filters(user, params),
        path=path,
    )


# -- risk assessments and retention plans (crmplus.risk.exports*) --------------------------


def _assessment_filters(user, params: QueryDict):
    from crmplus.risk.forms import AssessmentFilterForm

    return AssessmentFilterForm(params or None, user=user).filters(default_fy=None)


def assessments_count(user, params: QueryDict) -> int:
    from crmplus.risk import selectors

    return selectors.assessment_list(user=user, filters=_assessment_filters(user, params)).count()


def assessments_write(user, params: QueryDict, path: Path, progress: Progress) -> int:
    from crmplus.risk.exports import assessments_export_xlsx

    return _call_writer(
        assessments_export_xlsx,
        progress,
        user=user,
        filters=_assessment_filters(user, params),
        path=path,
    )


def plans_write(user, params: QueryDict, path: Path, progress: Progress) -> int:
    from crmplus.risk import selectors
    from crmplus.risk.exports_plans import plans_export_xlsx
    from crmplus.risk.forms_plans import PlanFilterForm

    # As crmplus.risk.views_plans._list_params: no year chosen is the default year.
    values = PlanFilterForm(params or None, user=user).values()
    if values["fy"] is None:
        values["fy"], _years = selectors.fy_choices(user)
    return _call_writer(plans_export_xlsx, progress, user=user, values=values, path=path)


# -- the accounts of a key-account selection run (no writer of its own: rows) --------------


def _candidates(user, params: QueryDict):
    from crmplus.keyaccounts import selectors
    from crmplus.keyaccounts.forms import CandidateFilterForm
    from crmplus.keyaccounts.models import Candidate, SelectionRun
    from crmplus.keyaccounts.views_runs import _candidate_filters

    raw = str(params.get("run") or "")
    run = SelectionRun.objects.for_user(user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if run is None:
        return Candidate.objects.none()
    filters = _candidate_filters(CandidateFilterForm(params or None, user=user))
    return selectors.candidate_list(run=run, user=user, filters=filters)


def candidates_columns() -> list[tuple[str, int]]:
    return [
        (_("Rank"), 7),
        (_("BP number"), 13),
        (_("Customer"), 40),
        (_("Office code"), 12),
        (_("Office"), 28),
        (_("Segment"), 12),
        (_("Status (supplement)"), 10),
        (_("Computed segment"), 12),
        (_("Yearly GM"), 16),
        (_("Pooled GM"), 16),
        (_("CAs"), 7),
        (_("Points"), 8),
    ]


def candidates_count(user, params: QueryDict) -> int:
    return _candidates(user, params).count()


def candidates_build(user, params: QueryDict, progress: Progress):
    qs = _candidates(user, params)
    for c in qs.iterator(chunk_size=1000):
        yield [
            c.rank,
            c.bp_number,
            c.bp.name_th if c.bp else "",
            c.office.code,
            c.office.name,
            c.final.capitalize(),
            c.supplement,
            c.segment.capitalize(),
            c.gm,
            c.pooled_gm,
            c.n_cas,
            c.points,
        ]


# -- the process calendar (crmplus.reports.process: rows) --------------------------------


def approvals_columns() -> list[tuple[str, int]]:
    return [
        (_("Submitted"), 18),
        (_("Kind"), 30),
        (_("Title"), 50),
        (_("Unit"), 26),
        (_("Status"), 14),
        (_("Round"), 8),
        (_("Submitted by"), 24),
        (_("Decided"), 18),
        (_("Decided by"), 24),
        (_("Decision reason"), 40),
    ]


def approvals_build(user, params: QueryDict, progress: Progress):
    """The approvals inbox as the user filtered it (tab and status)."""
    from django.utils import timezone

    from crmplus.approvals.views import inbox_query
    from crmplus.core.fiscal import format_datetime

    lang = "th" if (translation.get_language() or "th").startswith("th") else "en"

    def when(moment):
        return format_datetime(timezone.localtime(moment), lang) if moment else ""

    def who(u):
        return (u.get_full_name() or u.get_username()) if u else ""

    _tab, _status, qs = inbox_query(user, params)
    qs = qs.select_related("unit", "submitted_by", "decided_by")
    for n, r in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield [
            when(r.submitted_at),
            str(r.kind_label),
            r.title,
            r.unit.name,
            str(r.get_status_display()),
            r.round,
            who(r.submitted_by),
            when(r.decided_at),
            who(r.decided_by),
            r.decision_reason,
        ]
        if n % 500 == 0:
            progress(n)


def process_columns() -> list[tuple[str, int]]:
    return [
        (_("Deadline"), 44),
        (_("Unit code"), 10),
        (_("Unit"), 28),
        (_("Month"), 10),
        (_("Due"), 12),
        (_("Status"), 14),
        (_("Where it stands"), 50),
    ]


def process_build(user, params: QueryDict, progress: Progress):
    from django.http import Http404
    from django.utils import timezone

    from crmplus.reports import scope as scoping
    from crmplus.reports.process import process_boards
    from crmplus.reports.process_rules import STATUSES

    fy = scoping.fy_from(params.get("fy"), scoping.current_fy())
    unit = None
    if params.get("unit"):
        try:
            unit = scoping.unit_from(user, params.get("unit"))
        except Http404:
            return  # another area's unit: nothing, as the page answers 404
    status = params.get("status") or ""
    labels = {
        "done": _("Done"),
        "overdue": _("Overdue"),
        "due": _("Due soon"),
        "upcoming": _("Upcoming"),
        "none": _("Nothing due"),
        "untracked": _("Not tracked"),
    }
    boards = process_boards(
        user=user, fy=fy, today=timezone.localdate(), unit=unit,
        status=status if status in STATUSES else "",
    )  # fmt: skip
    for b in boards:
        for row in b.rows:
            for cell in row.cells:
                o = cell.occurrence
                yield [
                    b.label,
                    row.unit.code,
                    row.unit.name,
                    o.period.strftime("%Y-%m") if o.period else "",
                    o.due,
                    str(labels.get(cell.status, cell.status)),
                    cell.detection.note,
                ]


# -- engagement: visits, Tele CRM contacts, KAM plans (crmplus.engagement.exports) ------


def _engagement_request(user, params: QueryDict):
    """What the engagement lists read their filters from: the user and the query."""
    from types import SimpleNamespace

    return SimpleNamespace(user=user, GET=params, htmx=False)


def _engagement_qs(kind: str, user, params: QueryDict):
    from crmplus.engagement import selectors, views, views_plans

    request = _engagement_request(user, params)
    if kind == "visits":
        return selectors.visits_for(user=user, **views._visit_filters(request))
    if kind == "calls":
        return selectors.telecrm_for(user=user, **views._tele_filters(request))
    return selectors.plans_for(user=user, **views_plans._filters(request))


def _engagement_writer(kind: str):
    def count(user, params: QueryDict) -> int:
        return _engagement_qs(kind, user, params).count()

    def write(user, params: QueryDict, path: Path, progress: Progress) -> int:
        from crmplus.engagement import exports

        qs = _engagement_qs(kind, user, params)
        n = qs.count()
        writer = {
            "visits": exports.visits_xlsx,
            "calls": exports.calls_xlsx,
            "plans": exports.plans_xlsx,
        }[kind]
        Path(path).write_bytes(writer(qs))
        progress(n)
        return n

    return count, write


def register_builtin_exports() -> None:
    register_export(
        "customers",
        gettext_lazy("Customers"),
        write=customers_write,
        count=customers_count,
        filename="customers",
    )
    register_export(
        "risk.assessments",
        gettext_lazy("Risk assessments"),
        write=assessments_write,
        count=assessments_count,
        filename="risk",
    )
    register_export(
        "risk.plans",
        gettext_lazy("Special-risk customers and retention plans"),
        write=plans_write,
        filename="plans",
    )
    register_export(
        "keyaccounts.candidates",
        gettext_lazy("Accounts of a key-account selection run"),
        candidates_build,
        columns=candidates_columns,
        count=candidates_count,
        filename="key-accounts",
        sheet=gettext_lazy("Key accounts"),
    )
    register_export(
        "approvals",
        gettext_lazy("Approval requests"),
        approvals_build,
        columns=approvals_columns,
        filename="approvals",
    )
    register_export(
        "reports.process",
        gettext_lazy("Process calendar"),
        process_build,
        columns=process_columns,
        filename="process-calendar",
    )
    for kind, label, filename in (
        ("visits", gettext_lazy("Visits"), "visits"),
        ("calls", gettext_lazy("Tele CRM contacts"), "tele-crm"),
        ("plans", gettext_lazy("KAM plans"), "kam-plans"),
    ):
        count, write = _engagement_writer(kind)
        register_export(f"engagement.{kind}", label, write=write, count=count, filename=filename)
