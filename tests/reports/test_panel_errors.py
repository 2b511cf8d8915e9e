"""A panel that raises is an error card (and a log line), never a 500."""

import logging

from django.urls import reverse

from crmplus.core import extensions


def test_it_isolates_a_failing_panel(org, client, monkeypatch, caplog):
    def broken(request, scope):
        raise RuntimeError("boom")

    def fine(request, scope):
        return f'<div data-testid="fine-panel">{scope.level} {scope.fy}</div>'

    panels = dict(extensions._dashboard_panels)
    monkeypatch.setattr(extensions, "_dashboard_panels", panels)
    extensions.register_dashboard_panel("zz_broken", "Broken", broken, order=1)
    extensions.register_dashboard_panel("zz_fine", "Fine", fine, order=2)
    client.force_login(org.area_admin_n1)
    with caplog.at_level(logging.ERROR, logger="crmplus.reports.views"):
        r = client.get(reverse("reports:home"), {"fy": 2564})
    assert r.status_code == 200
    body = r.content.decode()
    assert 'data-testid="panel-zz_broken"' in body and 'data-testid="panel-error"' in body
    assert "boom" not in body  # the error's text stays in the log
    assert '<div data-testid="fine-panel">area 2564</div>' in body
    assert body.index("panel-zz_broken") < body.index("fine-panel")  # panels keep their order
    assert any("zz_broken" in rec.getMessage() for rec in caplog.records)
    assert "boom" in caplog.text
