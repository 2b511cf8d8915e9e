"""Shared helpers of the prospect tests: a prospect made through the service, and
moving it along the pipeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from crmplus.prospects.models import Prospect, StageChange
from crmplus.prospects.services import prospect_move, prospect_save

STAGES = [
    "identified",
    "contacted",
    "needs_assessed",
    "offer",
    "connection_works",
    "connected",
    "handed_to_kam",
]


def make_prospect(org, *, by=None, office=None, **fields) -> Prospect:
    by = by or org.kamr_n1
    data = {
        "company_name": "บริษัท ลำพูนโซลาร์เซลล์ จำกัด",
        "company_name_en": "Lamphun Solar Cell Co., Ltd.",
        "sector": "electronics",
        "source": "boi",
        "office": office or org.n1_office,
        "expected_load_kw": Decimal("2500"),
        "expected_load_mva": Decimal("3.1"),
        "expected_gm": Decimal("3500000"),
        "tariff_expected": "4",
    }
    data.update(fields)
    return prospect_save(by=by, **data)


def move_to(prospect: Prospect, stage: str, by, **kw) -> Prospect:
    if STAGES.index(stage) >= STAGES.index("connected") and "connection_date" not in kw:
        kw["connection_date"] = timezone.localdate() - dt.timedelta(days=3)
    return prospect_move(prospect=prospect, to_stage=stage, by=by, **kw)


def backdate(prospect: Prospect, days: int) -> None:
    """Pretend the prospect entered its stage `days` days ago (and logged it so)."""
    at = timezone.now() - dt.timedelta(days=days)
    Prospect.objects.filter(pk=prospect.pk).update(stage_entered_at=at)
    last = StageChange.objects.filter(prospect=prospect).order_by("-at", "-id").first()
    StageChange.objects.filter(pk=last.pk).update(at=at)
    prospect.refresh_from_db()
