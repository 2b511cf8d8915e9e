"""The stalled flag: longer in a stage than its threshold (a setting), the same on the
board, in the list filter and in the funnel."""

import datetime as dt

from django.utils import timezone

from crmplus.core.models import SettingValue
from crmplus.prospects.rules import PipelineRules
from crmplus.prospects.rules_settings import STAGES_KEY, current_fy, pipeline_for_fy
from crmplus.prospects.selectors import ProspectFilters, prospect_list
from tests.prospects.helpers import backdate, make_prospect


def names(user, **kw):
    return {p.company_name for p in prospect_list(user=user, filters=ProspectFilters(**kw))}


def test_it_flags_a_prospect_past_its_stage_threshold(org):
    fresh = make_prospect(org, company_name="ใหม่")
    old = make_prospect(org, company_name="ค้าง")
    edge = make_prospect(org, company_name="พอดี")
    backdate(old, 61)  # identified: stalled after 60 days
    backdate(edge, 59)
    assert names(org.kamr_n1, stalled=True) == {"ค้าง"}
    assert names(org.kamr_n1, stalled=False) == {"ใหม่", "พอดี"}
    flags = {
        p.company_name: p.is_stalled
        for p in prospect_list(user=org.kamr_n1, filters=ProspectFilters())
    }
    assert flags == {"ใหม่": False, "ค้าง": True, "พอดี": False}
    assert fresh.stage == "identified"


def test_it_follows_the_threshold_setting(org):
    p = make_prospect(org, company_name="ค้าง")
    backdate(p, 20)
    assert names(org.kamr_n1, stalled=True) == set()
    data = PipelineRules().to_dict()
    data["stages"][0]["stall_days"] = 10
    SettingValue.objects.create(key=STAGES_KEY, effective_fy=current_fy(), value=data)
    assert pipeline_for_fy().stage("identified").stall_days == 10
    assert names(org.kamr_n1, stalled=True) == {"ค้าง"}


def test_it_shows_the_stalled_badge_on_the_board(client, org):
    p = make_prospect(org, company_name="ค้าง")
    backdate(p, 100)
    make_prospect(org, company_name="ใหม่")
    client.force_login(org.kamr_n1)
    body = client.get("/prospects/").content.decode()
    assert body.count('data-testid="stalled-badge"') == 1
    card = body.split(f'data-testid="card-{p.pk}"')[1].split("</article>")[0]
    assert "stalled-badge" in card
    assert (
        timezone.localdate() - dt.timedelta(days=100)
        == timezone.localtime(type(p).objects.get(pk=p.pk).stage_entered_at).date()
    )
