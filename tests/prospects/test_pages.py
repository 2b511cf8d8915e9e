"""The list (filters, sort, paging, XLSX), the prospect form, its page with competition,
the conversion screen and the stage settings."""

import io

import openpyxl
from django.utils import translation

from crmplus.core.models import SettingValue
from crmplus.customers.models import BusinessPartner
from crmplus.prospects.models import CompetitionAlternative, Prospect
from crmplus.prospects.rules_settings import STAGES_KEY
from tests.prospects.helpers import make_prospect, move_to


def test_it_lists_filters_and_exports_what_it_shows(client, org):
    make_prospect(org, company_name="เอ", source="boi", expected_gm=1)
    make_prospect(org, company_name="บี", source="walk_in", expected_gm=2)
    client.force_login(org.kamr_n1)
    body = client.get("/prospects/list/?source=boi").content.decode()
    assert ">เอ<" in body and ">บี<" not in body
    body = client.get("/prospects/list/?source=referral").content.decode()
    assert 'data-testid="prospect-empty"' in body
    r = client.get("/prospects/list/export.xlsx?sort=gm")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["เอ", "บี"]
    assert sheet.cell(1, 1).value == "บริษัท"


def test_it_pages_the_list(client, org, settings):
    from crmplus.prospects import views

    views.PAGE_SIZE, old = 2, views.PAGE_SIZE
    try:
        for n in range(3):
            make_prospect(org, company_name=f"บริษัท {n}")
        client.force_login(org.kamr_n1)
        body = client.get("/prospects/list/?sort=company").content.decode()
        assert body.count('data-testid="prospect-row"') == 2 and 'data-testid="next-page"' in body
        body = client.get("/prospects/list/?sort=company&page=2").content.decode()
        assert body.count('data-testid="prospect-row"') == 1
    finally:
        views.PAGE_SIZE = old


def test_it_creates_a_prospect_from_the_form_with_field_errors_first(client, org):
    client.force_login(org.kamr_n1)
    data = {
        "company_name": "บริษัท ใหม่ จำกัด",
        "sector": "food",
        "source": "referral",
        "office": org.c1_office.pk,  # not offered: outside the KAMR's scope
        "expected_load_kw": "1200",
        "expected_load_mva": "1.5",
        "expected_gm": "900000",
    }
    with translation.override("en"):
        r = client.post("/prospects/new/", data)
    assert r.status_code == 200 and 'data-testid="error-office"' in r.content.decode()
    assert not Prospect.objects.exists()
    data["office"] = org.n1_office.pk
    r = client.post("/prospects/new/", data)
    p = Prospect.objects.get()
    assert r["Location"] == f"/prospects/{p.pk}/"
    assert (p.stage, p.probability, p.area, p.created_by) == ("identified", 10, org.n1, org.kamr_n1)


def test_it_records_competing_alternatives(client, org):
    p = make_prospect(org)
    client.force_login(org.kamr_n1)
    r = client.post(
        f"/prospects/{p.pk}/competition/new/",
        {"kind": "spp", "provider": "บี.กริม", "capacity_mw": "12", "status": "offer"},
    )
    assert r.status_code == 302
    alt = CompetitionAlternative.objects.get()
    assert (alt.prospect, alt.kind, alt.capacity_mw) == (p, "spp", 12)
    body = client.get(f"/prospects/{p.pk}/").content.decode()
    assert 'data-testid="alternatives"' in body and "บี.กริม" in body


def test_it_converts_from_the_screen_and_lands_on_the_customer_page(client, org):
    p = move_to(make_prospect(org), "connected", org.kamr_n1)
    client.force_login(org.kamr_n1)
    page = client.get(f"/prospects/{p.pk}/convert/").content.decode()
    assert 'value="บริษัท ลำพูนโซลาร์เซลล์ จำกัด"' in page
    r = client.post(
        f"/prospects/{p.pk}/convert/",
        {
            "bp_number": "5899999999",
            "ca_number": "028999999999",
            "name_th": "บริษัท ลำพูนโซลาร์เซลล์ จำกัด",
            "office": org.n1_office.pk,
            "tariff": "4",
            "contracted_demand_kw": "2500",
        },
    )
    bp = BusinessPartner.objects.get(bp_number="5899999999")
    assert r.status_code == 302 and r["Location"] == f"/customers/{bp.pk}/"
    assert client.get(r["Location"]).status_code == 200
    # A second conversion is refused: the screen sends to the customer.
    r = client.get(f"/prospects/{p.pk}/convert/")
    assert r["Location"] == f"/customers/{bp.pk}/"


def test_it_lets_only_hq_admins_change_the_stages(client, org):
    import json

    from crmplus.prospects.rules import PipelineRules

    data = PipelineRules().to_dict()
    data["stages"][0]["stall_days"] = 21
    form = {"fy": "2570", "stages": json.dumps(data), "note": "ทดลอง"}
    client.force_login(org.area_admin_n1)
    assert client.post("/prospects/settings/", form).status_code == 403
    client.force_login(org.hq_admin)
    r = client.post("/prospects/settings/", form)
    assert r.status_code == 302
    row = SettingValue.objects.get(key=STAGES_KEY)
    assert row.effective_fy == 2570 and row.value["stages"][0]["stall_days"] == 21
    bad = dict(form, stages=json.dumps({"stages": data["stages"][:5]}))
    with translation.override("en"):
        r = client.post("/prospects/settings/", bad)
    assert r.status_code == 200 and "must stay in the pipeline" in r.content.decode()


def test_it_refuses_removing_a_stage_that_prospects_are_in(org):
    import pytest
    from django.core.exceptions import ValidationError

    from crmplus.prospects.rules import DEFAULT_STAGES, PipelineRules
    from crmplus.prospects.rules_settings import pipeline_save

    p = make_prospect(org)
    move_to(p, "offer", org.kamr_n1)
    rules = PipelineRules(stages=tuple(s for s in DEFAULT_STAGES if s.key != "offer"))
    with pytest.raises(ValidationError):
        pipeline_save(fy=2570, rules=rules, by=org.hq_admin)
    assert not SettingValue.objects.filter(key=STAGES_KEY).exists()


def test_it_shows_prospects_in_the_django_admin_without_an_add_button(client, org):
    p = make_prospect(org)
    client.force_login(org.hq_admin)
    assert client.get("/admin/prospects/prospect/").status_code == 200
    assert client.get(f"/admin/prospects/prospect/{p.pk}/change/").status_code == 200
    assert client.get("/admin/prospects/prospect/add/").status_code == 403
