"""Actual amounts and receipts once the plan is approved: PDF/JPG/PNG up to 5 MB whose
content matches the name; the receipt is served only within the event's scope."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crmplus.seminars.services import event_submit
from tests.seminars.conftest import approve, plan

PDF = b"%PDF-1.4\n% receipt\n"


def _post(client, event, line, name, content):
    return client.post(
        reverse("seminars:budget", args=[event.pk]),
        {
            "action": "actual",
            "line_pk": line.pk,
            f"act{line.pk}-actual_amount": "29500.00",
            f"act{line.pk}-receipt": SimpleUploadedFile(name, content),
        },
    )


def test_it_refuses_wrong_types_and_keeps_a_good_receipt(client, approvers, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = approvers
    event = plan(org, lines=["30000.00"])
    event_submit(event=event, by=org.area_admin_n1)
    approve(event, org.approver_n1)
    line = event.lines.get()
    client.force_login(org.area_admin_n1)
    for name, content in (("r.exe", b"MZ"), ("r.pdf", b"MZ not a pdf"), ("r.png", b"")):
        r = _post(client, event, line, name, content)
        assert r.status_code == 200 and 'data-testid="actual-errors"' in r.content.decode()
        line.refresh_from_db()
        assert line.actual_amount is None and not line.receipt
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024))
    r = _post(client, event, line, "big.pdf", big.read())
    assert 'data-testid="actual-errors"' in r.content.decode()
    r = _post(client, event, line, "receipt.pdf", PDF)
    assert r.status_code == 302
    line.refresh_from_db()
    assert str(line.actual_amount) == "29500.00" and line.receipt
    url = reverse("seminars:receipt", args=[event.pk, line.pk])
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(org.kamr_c1)
    assert client.get(url).status_code == 404
