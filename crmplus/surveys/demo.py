"""Demo survey of FY2564: the call centre's results that give the 2021 table's averages.

Each area (and HQ) has a sample of respondents among its approved key accounts; each
respondent answers 5 expectation and 5 satisfaction items. The point totals per unit
are planned (crmplus.surveys.rules.plan_point_totals) so that every row's averages and
the national total (all respondents) round to the memo's figures, then spread at
random over the respondents (deterministic for a seed). A few respondents fall below
the low-satisfaction threshold and get a follow-up.

Sample sizes: the memo gives no respondent counts; these are ones whose pooled mean
reproduces the memo's national figures (4.559 / 4.434) with the memo's area figures.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from crmplus.surveys import rules

FY = 2564
ITEMS = 5
TABLE_CSV = Path(__file__).resolve().parents[1] / "keyaccounts" / "data" / "ka_2021_report.csv"
# fmt: off
RESPONDENTS = {"N1": 47, "N2": 90, "N3": 185, "NE1": 162, "NE2": 24, "NE3": 199, "C1": 523,
               "C2": 883, "C3": 212, "S1": 193, "S2": 193, "S3": 211, "HQ": 60}
# fmt: on
SURVEY_START = dt.date(2021, 7, 1)  # the call centre surveys in July–August,
SURVEY_DAYS = 62  # reporting by 15 September (manual item 4.10)
COMMENTS = [
    "พอใจการบริการของ KAMR ติดต่อง่าย",
    "อยากให้แจ้งล่วงหน้าก่อนดับไฟตามแผนนานขึ้น",
    "ขอให้ตรวจสอบคุณภาพไฟฟ้าบ่อยขึ้น มีไฟตกช่วงบ่าย",
    "เจ้าหน้าที่ให้คำแนะนำการใช้ไฟฟ้าอย่างมีประสิทธิภาพดีมาก",
    "ระยะเวลาแก้ไขไฟฟ้าขัดข้องยังนานเกินไป",
    "",
    "",
    "",
]


def _table() -> tuple[dict[str, tuple[Decimal, Decimal]], tuple[Decimal, Decimal]]:
    units, total = {}, None
    with TABLE_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pair = (Decimal(row["expectation_avg"]), Decimal(row["satisfaction_avg"]))
            if row["area"] == "ALL":
                total = pair
            else:
                units[row["area"]] = pair
    return units, total


def plan_scores(seed: int) -> dict[str, list[tuple[list[int], list[int]]]]:
    """Per unit code, one (expectation items, satisfaction items) per respondent."""
    targets, total = _table()
    codes = [c for c in targets if c in RESPONDENTS]
    cells = [RESPONDENTS[c] * ITEMS for c in codes]
    rng = random.Random(seed * 7919 + FY)
    plans: dict[str, list] = {c: [] for c in codes}
    scores = {}
    for k, key in enumerate(("expectation", "satisfaction")):
        totals = rules.plan_point_totals([targets[c][k] for c in codes], cells, total[k])
        scores[key] = {
            c: rules.spread_points(t, RESPONDENTS[c], ITEMS, rng)
            for c, t in zip(codes, totals, strict=True)
        }
    for c in codes:
        plans[c] = list(zip(scores["expectation"][c], scores["satisfaction"][c], strict=True))
    return plans


def demo_surveys_load(seed: int) -> str:
    """Load the FY2564 survey; a year that already has responses is left alone."""
    from crmplus.core.models import User
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.surveys.models import ImportStatus, SurveyImport, SurveyResponse
    from crmplus.surveys.services import follow_ups_open

    existing = SurveyResponse.objects.filter(fy=FY)
    if existing.exists():
        return f"Survey FY{FY}: {existing.count()} responses (already loaded)"
    accounts = list(
        KeyAccount.objects.filter(fy=FY)
        .select_related("owner_area", "bp")
        .order_by("owner_area__path", "bp__bp_number", "office_id")
    )
    hq_admin = User.objects.filter(username="hq_admin").first()
    if not accounts or hq_admin is None:
        return f"Survey FY{FY}: skipped (no key accounts of FY{FY})"
    by_unit: dict[str, list] = {}
    seen = set()
    for ka in accounts:
        if ka.bp_id in seen:  # one response per customer and year
            continue
        seen.add(ka.bp_id)
        code = "HQ" if ka.owner_area.is_hq else ka.owner_area.code
        by_unit.setdefault(code, []).append(ka)
    plans = plan_scores(seed)
    rng = random.Random(seed * 104729 + FY)
    responses = []
    with transaction.atomic():
        source = SurveyImport.objects.create(
            fy=FY,
            file="surveys/imports/demo-1129-survey-2564.xlsx",
            original_name="1129 survey FY2564 (demo).xlsx",
            status=ImportStatus.DONE,
            unit=hq_admin.home_unit,
            uploaded_by=hq_admin,
            message="ข้อมูลตัวอย่าง (demo)",
        )
        for code, answers in plans.items():
            pool = by_unit.get(code, [])
            if len(pool) < len(answers):
                return f"Survey FY{FY}: skipped ({code} has too few key accounts)"
            chosen = sorted(rng.sample(range(len(pool)), len(answers)))
            for index, (exp, sat) in zip(chosen, answers, strict=True):
                ka = pool[index]
                responses.append(
                    SurveyResponse(
                        fy=FY,
                        bp_id=ka.bp_id,
                        office_id=ka.office_id,
                        unit_id=ka.owner_id,
                        area_id=ka.owner_area_id,
                        segment=ka.segment,
                        survey_date=SURVEY_START + dt.timedelta(days=rng.randrange(SURVEY_DAYS)),
                        expectation_items=exp,
                        satisfaction_items=sat,
                        expectation_avg=rules.round_half_up(rules.item_mean(exp), 4),
                        satisfaction_avg=rules.round_half_up(rules.item_mean(sat), 4),
                        comments=COMMENTS[rng.randrange(len(COMMENTS))],
                        source=source,
                    )
                )
        bulk_create_with_history(
            responses, SurveyResponse, batch_size=1000, default_change_reason="demo data"
        )
        source.rows = source.imported = len(responses)
        source.save(update_fields=["rows", "imported"])
        stored = SurveyResponse.objects.filter(fy=FY).select_related("bp", "area")
        low = [r for r in stored if r.satisfaction_avg < Decimal("4")]
        opened = follow_ups_open(
            responses=low, by=None, notify=False, opened_on=dt.date(2021, 9, 15)
        )
    return f"Survey FY{FY}: {len(responses)} responses, {len(opened)} low-satisfaction follow-ups"
