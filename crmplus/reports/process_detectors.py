"""How the process calendar finds a deadline done, per unit, from the records the apps keep.

A detector takes the fiscal year, one occurrence and the responsible units, and answers
{unit id: Detection} in a few grouped queries (the calendar of 12 areas or ~900 offices
must not cost a query per unit). Apps that may not be installed (surveys, engagement) are
looked up lazily: a missing app or model makes the deadline "not tracked", never an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from crmplus.core.models import OrgUnit, OrgUnitKind
from crmplus.reports.process_rules import Occurrence


@dataclass(frozen=True)
class Detection:
    done: bool | None  # None: not tracked (no app records it)
    note: str = ""
    url: str = ""
    owed: bool = True  # False: the unit owes nothing (no key accounts this year)


Detector = Callable[[int, Occurrence, list[OrgUnit]], dict[int, Detection]]


def _url(name: str, **params) -> str:
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{url}?{query}" if query else url


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _untracked(units: list[OrgUnit], note: str) -> dict[int, Detection]:
    return {u.pk: Detection(None, note) for u in units}


# -- the key-account list of the year (crmplus.keyaccounts) ------------------------------


def keyaccount_list(fy: int, occ: Occurrence, units: list[OrgUnit]) -> dict[int, Detection]:
    from crmplus.keyaccounts.models import KeyAccount, ListStatus, ProposedList

    ids = [u.pk for u in units if u.kind in (OrgUnitKind.HQ, OrgUnitKind.AREA)]
    lists = ProposedList.objects.filter(run__fy=fy, unit_id__in=ids, run__is_draft=False)
    status: dict[int, set[str]] = {}
    for unit_id, st in lists.values_list("unit_id", "status"):
        status.setdefault(unit_id, set()).add(st)
    approved = set(
        KeyAccount.objects.filter(fy=fy, owner_area_id__in=ids)
        .values_list("owner_area_id", flat=True)
        .distinct()
    )
    url = _url("keyaccounts:home", fy=fy)
    out = {}
    for u in units:
        if u.pk not in ids:
            out[u.pk] = Detection(None, _("Key-account lists are kept per area and for HQ."))
            continue
        seen = status.get(u.pk, set())
        if u.pk in approved or ListStatus.APPROVED in seen:
            out[u.pk] = Detection(True, _("Approved"), url)
        elif ListStatus.SUBMITTED in seen:
            out[u.pk] = Detection(False, _("Waiting for approval"), url)
        elif seen:
            out[u.pk] = Detection(False, _("Not submitted"), url)
        else:
            out[u.pk] = Detection(False, _("No list proposed yet"), url)
    return out


# -- per key account: KAM plans approved, risk assessments confirmed ---------------------


def _per_account(
    fy: int, units: list[OrgUnit], exists_qs, what: str, url: str
) -> dict[int, Detection]:
    """Share of the fiscal year's key accounts of each unit for which `exists_qs` (filtered
    on OuterRef bp and office) has a row: done when every one has."""
    from crmplus.keyaccounts.models import KeyAccount

    base = KeyAccount.objects.filter(fy=fy).annotate(ok=Exists(exists_qs))
    totals: dict[int, tuple[int, int]] = {}
    areas = [u.pk for u in units if u.kind in (OrgUnitKind.HQ, OrgUnitKind.AREA)]
    if areas:
        rows = (
            base.filter(owner_area_id__in=areas)
            .values("owner_area_id")
            .annotate(total=Count("id"), ok_n=Count("id", filter=Q(ok=True)))
            .order_by()
        )
        totals.update({r["owner_area_id"]: (r["total"], r["ok_n"]) for r in rows})
    offices = [u.pk for u in units if u.kind == OrgUnitKind.OFFICE]
    if offices:
        rows = (
            base.filter(owner_id__in=offices)
            .values("owner_id")
            .annotate(total=Count("id"), ok_n=Count("id", filter=Q(ok=True)))
            .order_by()
        )
        totals.update({r["owner_id"]: (r["total"], r["ok_n"]) for r in rows})
    out = {}
    for u in units:
        if u.kind == OrgUnitKind.REGION:
            out[u.pk] = Detection(None, _("Followed per area."))
            continue
        total, ok = totals.get(u.pk, (0, 0))
        if not total:
            out[u.pk] = Detection(None, _("No key accounts in this fiscal year."), owed=False)
            continue
        note = _("%(ok)s of %(total)s key accounts %(what)s") % {
            "ok": f"{ok:,}",
            "total": f"{total:,}",
            "what": what,
        }
        out[u.pk] = Detection(ok >= total, note, url)
    return out


def kam_plans(fy: int, occ: Occurrence, units: list[OrgUnit]) -> dict[int, Detection]:
    plan = _model("engagement", "KamPlan")
    if plan is None:
        return _untracked(units, _("KAM plans are not recorded in this installation."))
    approved = plan.objects.filter(
        fy=fy, bp=OuterRef("bp"), office=OuterRef("office"), status="approved"
    )
    return _per_account(fy, units, approved, _("have an approved KAM plan"), _plans_url(fy))


def _plans_url(fy: int) -> str:
    return _url("engagement:plans", fy=fy)


def risk_assessments(fy: int, occ: Occurrence, units: list[OrgUnit]) -> dict[int, Detection]:
    from crmplus.risk.models import AssessmentStatus, RiskAssessment

    confirmed = RiskAssessment.objects.filter(
        fy=fy, bp=OuterRef("bp"), office=OuterRef("office"), status=AssessmentStatus.CONFIRMED
    )
    return _per_account(
        fy, units, confirmed, _("have a confirmed risk assessment"), _url("risk:home", fy=fy)
    )


# -- the satisfaction survey report (crmplus.surveys) ------------------------------------


def survey_report(fy: int, occ: Occurrence, units: list[OrgUnit]) -> dict[int, Detection]:
    """Done once the year's survey results are imported (the yearly report is computed
    from them). The surveys app may answer itself with
    `crmplus.surveys.selectors.survey_report_done(fy) -> bool | None`."""
    done = None
    try:
        from crmplus.surveys import selectors as survey_selectors

        done = survey_selectors.survey_report_done(fy)
    except (ImportError, AttributeError):
        imports = _model("surveys", "SurveyImport")
        if imports is None:
            return _untracked(units, _("Survey results are not recorded in this installation."))
        done = imports.objects.filter(fy=fy, status="done").exists()
    url = _url("surveys:report", fy=fy)
    if done is None:
        return _untracked(units, "")
    note = _("Survey results imported") if done else _("No survey results imported yet")
    return {u.pk: Detection(bool(done), note, url) for u in units}


# -- the monthly allowance ledgers (crmplus.workforce) -----------------------------------


def allowances(fy: int, occ: Occurrence, units: list[OrgUnit]) -> dict[int, Detection]:
    return allowances_all(fy, [occ], units)[occ.due]


def allowances_all(
    fy: int, occs: list[Occurrence], units: list[OrgUnit]
) -> dict[dt.date, dict[int, Detection]]:
    """Every month of the year in one query (the calendar shows twelve)."""
    ledger = _model("workforce", "AllowanceLedger")
    if ledger is None:
        note = _("Allowance ledgers are not recorded in this installation.")
        return {o.due: _untracked(units, note) for o in occs}
    months = [o.period for o in occs if o.period is not None]
    rows = {
        (r.unit_id, r.month): (r.status, r.get_status_display())
        for r in ledger.objects.filter(unit__in=units, month__in=months)
    }
    url = _url("workforce:home")
    out: dict[dt.date, dict[int, Detection]] = {}
    for o in occs:
        found = out[o.due] = {}
        for u in units:
            if u.kind not in (OrgUnitKind.HQ, OrgUnitKind.AREA):
                found[u.pk] = Detection(None, _("Allowances are paid by HQ and the areas."))
            elif (u.pk, o.period) not in rows:
                found[u.pk] = Detection(False, _("Ledger not built"), url)
            else:
                status, label = rows[(u.pk, o.period)]
                found[u.pk] = Detection(status == "approved", str(label), url)
    return out


DETECTORS: dict[str, Detector] = {
    "keyaccount_list": keyaccount_list,
    "kam_plans": kam_plans,
    "risk_assessments": risk_assessments,
    "survey_report": survey_report,
    "allowances": allowances,
}


# Detectors that answer every occurrence of a year at once.
BATCH_DETECTORS = {"allowances": allowances_all}


def detect_all(
    key: str, fy: int, occs: list[Occurrence], units: list[OrgUnit]
) -> dict[dt.date, dict[int, Detection]]:
    """{due date: {unit id: Detection}} for every occurrence of a deadline in a year."""
    batch = BATCH_DETECTORS.get(key)
    if batch is not None and units:
        return batch(fy, occs, units)
    return {o.due: detect(key, fy, o, units) for o in occs}


def detect(key: str, fy: int, occ: Occurrence, units: list[OrgUnit]) -> dict[int, Detection]:
    fn = DETECTORS.get(key)
    if fn is None or not units:
        return _untracked(units, _("Not followed automatically."))
    return fn(fy, occ, units)
