"""HQ admins change the process calendar per fiscal year; nobody else can."""

from django.urls import reverse

from crmplus.core.models import SettingValue
from crmplus.reports.process_settings import CALENDAR_KEY, deadlines_for_fy

FY = 2570


def _post_data(client, **changes):
    page = client.get(reverse("reports:process_settings"), {"fy": FY})
    formset = page.context["formset"]
    data = {"fy": FY, "note": "test"}
    for key, value in formset.management_form.initial.items():
        data[f"d-{key}"] = value
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name)
            if value is None:
                value = ""
            if name == "enabled":
                if value:
                    data[f"d-{i}-{name}"] = "on"
                continue
            data[f"d-{i}-{name}"] = value
    data.update(changes)
    return data


def test_an_hq_admin_moves_a_deadline_from_a_year_on(org, client):
    client.force_login(org.hq_admin)
    data = _post_data(client, **{"d-3-day": 20, "d-3-remind_days": 45})
    r = client.post(reverse("reports:process_settings") + f"?fy={FY}", data)
    assert r.status_code == 302
    row = SettingValue.objects.get(key=CALENDAR_KEY, effective_fy=FY)
    assert row.updated_by == org.hq_admin and row.note == "test"
    survey = next(d for d in deadlines_for_fy(FY) if d.key == "survey_report")
    assert (survey.day, survey.remind_days) == (20, 45)
    before = next(d for d in deadlines_for_fy(FY - 1) if d.key == "survey_report")
    assert before.day == 15  # earlier years keep theirs


def test_it_refuses_a_yearly_deadline_without_its_month(org, client):
    client.force_login(org.hq_admin)
    data = _post_data(client, **{"d-0-month": ""})
    r = client.post(reverse("reports:process_settings") + f"?fy={FY}", data)
    assert r.status_code == 200
    assert r.context["formset"].forms[0].errors["month"]
    assert not SettingValue.objects.filter(key=CALENDAR_KEY).exists()


def test_only_hq_admins_open_the_settings(org, client):
    for user in (org.area_admin_n1, org.auditor, org.hq_approver):
        client.force_login(user)
        assert client.get(reverse("reports:process_settings")).status_code == 403
