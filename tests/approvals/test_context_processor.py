"""The navbar counts: what the user can decide and their unread notifications, cheaply."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from crmplus.approvals.context_processors import approvals
from crmplus.approvals.selectors import inbox_for
from crmplus.approvals.services import approval_approve
from crmplus.core.models import User


def _counts(user):
    request = RequestFactory().get("/")
    request.user = user
    ctx = approvals(request)
    return ctx["approvals_pending_count"], ctx["notifications_unread_count"]


def _fresh(user):
    # As a request sees it: the user and its home unit loaded, nothing else cached.
    return User.objects.select_related("home_unit").get(pk=user.pk)


def test_it_counts_what_the_approver_can_decide(org, submit, approver_n1, approver_c1):
    first = submit()
    submit(subject=org.ca_n1)
    submit(subject=org.bp_c1, unit=org.c1_office, by=org.kamr_c1)
    assert _counts(approver_n1) == (2, 2)
    assert _counts(approver_c1) == (1, 1)
    assert _counts(org.hq_approver) == (0, 0)
    approval_approve(request=first, by=approver_n1)
    assert _counts(approver_n1) == (1, 2)
    assert _counts(org.kamr_n1) == (0, 1)  # told of the decision


def test_it_agrees_with_the_inbox(org, submit, approver_n1):
    submit()
    submit(subject=org.hq, unit=org.hq, by=org.hq_admin)
    for user in (approver_n1, org.hq_approver):
        assert _counts(user)[0] == inbox_for(user).count()


def test_it_runs_two_counts_at_most(org, submit, approver_n1, django_assert_num_queries):
    submit()
    user = _fresh(approver_n1)
    with django_assert_num_queries(2):
        assert _counts(user) == (1, 1)
    kamr = _fresh(org.kamr_n1)
    with django_assert_num_queries(1):
        assert _counts(kamr) == (0, 0)


def test_it_runs_no_query_for_anonymous_visitors(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert _counts(AnonymousUser()) == (0, 0)


def test_it_runs_no_query_when_a_fragment_does_not_show_the_counts(
    org, approver_n1, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = _fresh(approver_n1)
    with django_assert_num_queries(0):
        approvals(request)


def test_it_shows_the_count_in_the_navbar(client, org, submit, approver_n1):
    submit()
    client.force_login(approver_n1)
    page = client.get(reverse("home")).content.decode()
    assert '<span class="badge text-bg-warning">1</span>' in page
