"""Demo risk assessments for FY2564: a sample of each area's key accounts, made through the
services (so each has its history), most submitted, many confirmed by the Senior KAMR.

FY2564 assessments feed a selection over FY2564's billing, never the FY2563 extract the
demo's FY2564 list comes from, so the demo key-account table is unchanged.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction

from crmplus.core.models import Role, User

FY = 2564
PER_AREA = 40


@dataclass
class DemoRisk:
    created: int = 0
    by_level: dict[int, int] = field(default_factory=dict)
    warnings: int = 0  # early warnings from billing (FY2563 against FY2562)


def _values(rng: random.Random, candidate) -> tuple[dict, dict]:
    spp = rng.random() < 0.12
    selfgen = rng.choices([1, 3, 4, 5], [70, 15, 10, 5])[0]
    values = {
        "spp_offer": spp,
        "self_generation": selfgen,
        "open_complaints": rng.choices([0, 1, 2, 4], [60, 20, 15, 5])[0],
        "tariff_sensitivity": rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0],
        "yearly_gm": round(float(candidate.pooled_gm), 2),
    }
    if candidate.demand_kw:
        values["load_mw"] = round(candidate.demand_kw / 1000, 2)
    if rng.random() < 0.2:
        values["contract_renewal"] = True
    notes = {}
    if spp:
        notes["spp_offer"] = "ลูกค้าแจ้งว่าได้รับหนังสือเสนอราคาจาก SPP ในนิคมอุตสาหกรรม"
    if selfgen > 1:
        notes["self_generation"] = "เยี่ยมลูกค้าพบการติดตั้ง/แผนติดตั้งโซลาร์รูฟท็อป"
    return values, notes


def demo_risk_load(*, seed: int) -> DemoRisk:
    from crmplus.keyaccounts.models import KeyAccount
    from crmplus.risk.models import RiskAssessment
    from crmplus.risk.services import assessment_confirm, assessment_save, assessment_submit

    result = DemoRisk()
    if not RiskAssessment.objects.filter(fy=FY).exists():
        roles = [Role.AREA_ADMIN, Role.SENIOR_KAMR]
        users = {u.username: u for u in User.objects.filter(role__in=roles)}
        rows = (
            KeyAccount.objects.filter(fy=FY, owner__kind="office")
            .select_related("bp", "office", "owner_area", "candidate")
            .order_by("owner_area__code", "bp__bp_number", "office__code")
        )
        by_area: dict[str, list] = {}
        for ka in rows:
            by_area.setdefault(ka.owner_area.code, []).append(ka)
        with transaction.atomic():
            for area, accounts in sorted(by_area.items()):
                rng = random.Random(f"crmplus-demo-risk:{seed}:{area}")
                admin = users.get(f"admin_{area.lower()}")
                senior = users.get(f"senior_{area.lower()}")
                if admin is None or senior is None:
                    continue
                for ka in rng.sample(accounts, min(PER_AREA, len(accounts))):
                    values, notes = _values(rng, ka.candidate)
                    a = assessment_save(
                        bp=ka.bp, office=ka.office, fy=FY, values=values, notes=notes, by=admin
                    )
                    draw = rng.random()
                    if draw < 0.8:
                        assessment_submit(assessment=a, by=admin)
                        if draw < 0.6:
                            assessment_confirm(assessment=a, by=senior, note="ตรวจสอบแล้ว")
                    result.created += 1
    for level in RiskAssessment.objects.filter(fy=FY).values_list("level", flat=True):
        result.by_level[level] = result.by_level.get(level, 0) + 1
    # Early warnings from the demo's FY2563 and FY2562 extracts (idempotent, ~1.5 s).
    from crmplus.risk.models import EarlyWarning
    from crmplus.risk.services_warnings import early_warnings_run

    early_warnings_run(fy=FY)
    result.warnings = EarlyWarning.objects.filter(fy=FY).count()
    return result
