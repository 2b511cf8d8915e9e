"""Early-warning screens: list, detail with its chart, queue/dismiss, scope, the run button."""

from django.urls import reverse

from crmplus.risk.models import EarlyWarning
from crmplus.risk.services_warnings import early_warnings_run
from tests.risk.test_warnings_service import FY, billing  # noqa: F401  (fixture)


def warning(org) -> EarlyWarning:
    early_warnings_run(fy=FY)
    return EarlyWarning.objects.get(bp=org.bp_n1)


def test_the_pages_render_in_scope_with_the_chart_and_links(client, billing):  # noqa: F811
    org = billing
    w = warning(org)
    client.force_login(org.kamr_n1)
    body = client.get(reverse("risk:warnings") + f"?fy={FY}").content.decode()
    assert f'data-testid="warning-{w.pk}"' in body and org.bp_n1.name_th in body
    assert 'data-testid="run-check"' not in body  # HQ admins only
    body = client.get(reverse("risk:warning", args=[w.pk])).content.decode()
    assert 'data-testid="chart"' in body and "<polyline" in body and "ต.ค." in body
    assert w.reason_th in body and w.reason_en in body
    assert w.assess_url.replace("&", "&amp;") in body and org.bp_n1.get_absolute_url() in body
    assert 'data-testid="dismiss-form"' in body and 'data-testid="queue"' in body
    body = client.get(reverse("risk:home") + f"?fy={FY}").content.decode()
    assert f'data-testid="to-reassess-{w.pk}"' in body
    for query in ("kind=kwh_drop", "status=to_reassess", f"area={org.n1.pk}", "status=dismissed"):
        r = client.get(reverse("risk:warnings") + f"?fy={FY}&{query}")
        assert r.status_code == 200, query
    body = client.get(reverse("risk:warnings") + f"?fy={FY}&area={org.c1.pk}").content.decode()
    assert f'data-testid="warning-{w.pk}"' in body  # C1 is outside kamr_n1's scope: ignored
    body = client.get(reverse("risk:warnings") + f"?fy={FY}&kind=demand_change").content.decode()
    assert 'data-testid="warnings-empty"' in body
    client.force_login(org.hq_admin)
    body = client.get(reverse("risk:warnings") + f"?fy={FY}&area={org.c1.pk}").content.decode()
    assert 'data-testid="warnings-empty"' in body


def test_another_area_gets_a_404(client, billing):  # noqa: F811
    org = billing
    w = warning(org)
    client.force_login(org.kamr_c1)
    assert client.get(reverse("risk:warning", args=[w.pk])).status_code == 404
    r = client.post(reverse("risk:warning", args=[w.pk]), {"action": "dismiss", "note": "x"})
    assert r.status_code == 404
    body = client.get(reverse("risk:warnings") + f"?fy={FY}").content.decode()
    assert f'data-testid="warning-{w.pk}"' not in body
    body = client.get(reverse("risk:home") + f"?fy={FY}").content.decode()
    assert f'data-testid="to-reassess-{w.pk}"' not in body
    client.force_login(org.auditor)  # HQ reads everything, handles nothing
    body = client.get(reverse("risk:warning", args=[w.pk])).content.decode()
    assert 'data-testid="dismiss-form"' not in body
    assert client.post(reverse("risk:warning", args=[w.pk]), {"action": "queue"}).status_code == 403


def test_dismiss_needs_a_note_on_the_page(client, billing):  # noqa: F811
    org = billing
    w = warning(org)
    client.force_login(org.kamr_n1)
    url = reverse("risk:warning", args=[w.pk])
    r = client.post(url, {"action": "dismiss", "note": "   "})
    assert r.status_code == 200 and 'data-testid="note-error"' in r.content.decode()
    w.refresh_from_db()
    assert w.status == "open"
    r = client.post(url, {"action": "queue"})
    assert r.status_code == 302
    r = client.post(url, {"action": "dismiss", "note": "โรงงานปิดซ่อมบำรุง 2 เดือน"})
    assert r.status_code == 302
    w.refresh_from_db()
    assert w.status == "dismissed" and w.dismissed_note.startswith("โรงงาน")
    body = client.get(url).content.decode()
    assert 'data-testid="dismissed-note"' in body and 'data-testid="dismiss-form"' not in body


def test_only_hq_admins_queue_the_run(client, billing, django_capture_on_commit_callbacks):  # noqa: F811
    org = billing
    client.force_login(org.area_admin_n1)
    assert client.post(reverse("risk:warning_run"), {"fy": FY}).status_code == 403
    client.force_login(org.hq_admin)
    body = client.get(reverse("risk:warnings") + f"?fy={FY}").content.decode()
    assert 'data-testid="run-check"' in body
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        r = client.post(reverse("risk:warning_run"), {"fy": FY})
    assert r.status_code == 302 and r.url == reverse("risk:warnings") + f"?fy={FY}"
    assert len(callbacks) == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="early_warnings_task").exists()
