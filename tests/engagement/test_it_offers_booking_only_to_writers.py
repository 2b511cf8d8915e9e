"""The visit page offers "Book a technical service" only to those who may book (an
approver or an auditor would get a 403 there), and explains the expense in the reader's
language."""

from django.utils import translation

from crmplus.engagement.services import visit_record_outcome
from tests.engagement.conftest import plan_visit


def test_it_hides_the_booking_link_from_readers(client, eng):
    visit = plan_visit(eng, days=2)
    for user, shown in ((eng.kamr_n1, True), (eng.approver_n1, False), (eng.auditor, False)):
        client.force_login(user)
        r = client.get(f"/engagement/visits/{visit.pk}/")
        assert r.status_code == 200
        assert ('data-testid="book-service"' in r.content.decode()) is shown, user.username


def test_it_explains_the_expense_in_the_readers_language(client, eng):
    visit = plan_visit(eng, days=-1)
    visit_record_outcome(
        visit=visit,
        by=eng.kamr_n1,
        attendees_pea="a",
        attendees_customer="b",
        topics="c",
        distance_km="12",
    )
    visit.refresh_from_db()
    assert visit.expense_rule.startswith("onsite ")
    with translation.override("en"):
        assert visit.expense_rule_display.startswith("onsite allowance ")
        assert " km × " in visit.expense_rule_display
    client.force_login(eng.kamr_n1)
    html = client.get(f"/engagement/visits/{visit.pk}/").content.decode()
    expense = html.split('data-testid="visit-expense"')[1].split("</dd>")[0]
    assert "(onsite 300.00" not in expense  # the stored English rule is never shown as is
    assert f"({visit.expense_rule_display})" in expense
