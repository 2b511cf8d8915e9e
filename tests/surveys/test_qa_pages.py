"""QA regressions: approvers read low-satisfaction follow-ups but do not close them;
counts on the pages carry thousands separators."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation

from crmplus.core.models import Role
from crmplus.surveys.importer import survey_import
from crmplus.surveys.models import FollowUpStatus, LowSatisfactionFollowUp
from crmplus.surveys.services import follow_up_close
from tests.factories import UserFactory
from tests.surveys.conftest import FY, csv_file, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(org, accounts):
    survey_import(
        fy=FY, upload=csv_file([row(org.bp_n1.bp_number, sat=(3, 3, 3, 4, 3))]), by=org.hq_admin
    )
    return LowSatisfactionFollowUp.objects.get()


def test_an_approver_reads_a_follow_up_but_cannot_close_it(client, org, follow_up):
    approver = UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)
    client.force_login(approver)
    r = client.get(follow_up.get_absolute_url())
    assert r.status_code == 200 and r.context["can_close"] is False
    assert client.post(follow_up.get_absolute_url(), {"note": "closed by me"}).status_code == 403
    with pytest.raises(PermissionDenied):
        follow_up_close(follow_up=follow_up, note="closed by me", by=approver)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN


def test_the_kamr_still_closes_it_from_the_page(client, org, follow_up):
    client.force_login(org.kamr_n1)
    assert client.get(follow_up.get_absolute_url()).context["can_close"] is True
    r = client.post(follow_up.get_absolute_url(), {"note": "เข้าพบลูกค้าแล้ว"})
    assert r.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE


def test_counts_have_thousands_separators(client, org, follow_up):
    client.force_login(org.hq_admin)
    with (
        translation.override("en"),
        mock.patch.object(Paginator, "count", new_callable=mock.PropertyMock, return_value=2982),
    ):
        body = client.get(
            reverse("surveys:responses") + f"?fy={FY}", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        assert "2,982" in body and "2982" not in body
        body = client.get(reverse("surveys:follow_ups"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "2,982" in body and "2982" not in body


def test_the_report_page_formats_the_respondent_count(client, org, follow_up):
    from crmplus.surveys import views

    real = views._report_for

    def bigger(request):
        report = real(request)
        report.respondents = 2982
        return report

    client.force_login(org.hq_admin)
    with translation.override("en"), mock.patch.object(views, "_report_for", bigger):
        body = client.get(
            reverse("surveys:report") + f"?fy={FY}", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert "2,982" in body and "2982" not in body
    assert f"?fy={FY}" in body and "2,569" not in body
