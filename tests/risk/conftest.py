"""Shared values and helpers for the risk tests (the `org` fixture is in tests/conftest.py)."""

import pytest

from crmplus.risk.services import assessment_save, assessment_submit

FY = 2569
# P 5 (SPP offer) × I 4 (GM 12 M baht) = 20: very high.
VERY_HIGH = {"spp_offer": True, "self_generation": 1, "yearly_gm": 12_000_000}
LOW = {"spp_offer": False, "self_generation": 1, "yearly_gm": 500_000}
EVIDENCE = {"spp_offer": "หนังสือเสนอราคาจาก SPP ลงวันที่ 3 มี.ค. 2569"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def assess_n1(org, values=None, notes=None, by=None, **kw):
    return assessment_save(
        bp=org.bp_n1,
        office=org.n1_office,
        fy=kw.pop("fy", FY),
        values=VERY_HIGH if values is None else values,
        notes=EVIDENCE if notes is None else notes,
        by=by or org.kamr_n1,
        **kw,
    )


def submitted_n1(org, **kw):
    return assessment_submit(assessment=assess_n1(org, **kw), by=org.kamr_n1)
