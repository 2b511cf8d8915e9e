"""The approvals inbox exports what the user's tab and filter show, in their scope only."""

from django.http import QueryDict

from crmplus.reports.exports_builtin import approvals_build, approvals_columns


def rows(user, query=""):
    return list(approvals_build(user, QueryDict(query), lambda *a, **k: None))


def test_it_exports_the_inbox_of_the_users_scope(org, submit, approver_n1, approver_c1):
    submit(title="รายชื่อ N1")
    submit(subject=org.bp_c1, unit=org.c1_office, by=org.kamr_c1, title="รายชื่อ C1")
    assert [r[2] for r in rows(approver_n1, "tab=decide")] == ["รายชื่อ N1"]
    assert [r[2] for r in rows(approver_c1, "tab=decide")] == ["รายชื่อ C1"]
    assert len(approvals_columns()) == len(rows(approver_n1, "tab=decide")[0])


def test_it_keeps_the_status_filter(org, submit, approver_n1):
    submit(title="รออนุมัติ")
    assert rows(org.kamr_n1, "tab=mine&status=approved") == []
    assert [r[2] for r in rows(org.kamr_n1, "tab=mine&status=pending")] == ["รออนุมัติ"]


def test_the_inbox_offers_the_background_export(client, org, approver_n1):
    client.force_login(approver_n1)
    assert b'data-testid="export-start-approvals"' in client.get("/approvals/").content
