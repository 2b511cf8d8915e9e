"""A case from triage to closed: categorise (SLA follows), link a CA of the user's
area (which assigns the office), reply (first response), close, reopen."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from crmplus.social import services
from crmplus.social.models import CaseStatus, Direction, SendStatus
from tests.social.factories import make_case

pytestmark = pytest.mark.django_db


def test_it_moves_the_sla_due_times_with_the_category(org):
    case = make_case(org.hq)
    services.case_categorise(case=case, category="outage", by=org.hq_admin)
    assert (case.first_response_due - case.opened_at).total_seconds() == 15 * 60
    assert (case.resolution_due - case.opened_at).total_seconds() == 4 * 3600
    with pytest.raises(ValidationError):
        services.case_categorise(case=case, category="weather", by=org.hq_admin)


def test_it_assigns_an_unassigned_case_to_the_office_of_the_linked_ca(org):
    case = make_case(org.n1)  # waiting in the area's triage queue
    services.case_link_ca(case=case, ca_number=org.ca_n1.ca_number, by=org.area_admin_n1)
    case.refresh_from_db()
    assert case.ca == org.ca_n1 and case.unit == org.n1_office


def test_it_refuses_a_ca_of_another_area(org):
    case = make_case(org.n1)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        services.case_link_ca(case=case, ca_number=org.ca_c1.ca_number, by=org.area_admin_n1)
    assert "No contract account" in e.value.message_dict["ca"][0]
    case.refresh_from_db()
    assert case.ca is None and case.unit == org.n1


def test_it_queues_a_reply_as_the_first_response_with_outbound_off(org, settings):
    settings.CRMPLUS_SOCIAL_OUTBOUND_ENABLED = "false"
    case = make_case(org.n1_office)
    reply = services.case_reply(case=case, text="กำลังตรวจสอบค่ะ", by=org.kamr_n1)
    case.refresh_from_db()
    assert reply.direction == Direction.OUT and reply.send_status == SendStatus.QUEUED
    assert "CRMPLUS_SOCIAL_OUTBOUND_ENABLED" in reply.send_note
    assert case.first_response_at == reply.at and case.status == CaseStatus.OPEN
    services.case_reply(case=case, text="อีกข้อความ", by=org.kamr_n1)
    case.refresh_from_db()
    assert case.first_response_at == reply.at  # only the first one counts


def test_it_refuses_an_empty_or_too_long_reply_and_writes_nothing(org):
    case = make_case(org.n1_office)
    for text in ["   ", "ก" * 2001]:
        with pytest.raises(ValidationError) as e:
            services.case_reply(case=case, text=text, by=org.kamr_n1)
        assert "text" in e.value.message_dict
    case.refresh_from_db()
    assert case.first_response_at is None and case.messages.count() == 1


def test_it_closes_only_a_categorised_case_and_reopens_it(org):
    case = make_case(org.n1_office)
    with pytest.raises(ValidationError) as e:
        services.case_close(case=case, by=org.kamr_n1)
    assert "category" in e.value.message_dict
    services.case_categorise(case=case, category="bill", by=org.kamr_n1)
    services.case_close(case=case, by=org.kamr_n1)
    assert case.status == CaseStatus.CLOSED and case.closed_by == org.kamr_n1
    with pytest.raises(ValidationError):
        services.case_reply(case=case, text="hello", by=org.kamr_n1)
    services.case_reopen(case=case, by=org.kamr_n1)
    assert case.status == CaseStatus.NEW and case.closed_at is None


def test_it_lets_no_auditor_or_other_area_write(org):
    case = make_case(org.n1_office)
    with pytest.raises(PermissionDenied):
        services.case_reply(case=case, text="x", by=org.auditor)
    with pytest.raises(PermissionDenied):
        services.case_categorise(case=case, category="bill", by=org.kamr_c1)


def test_it_assigns_only_to_offices_in_the_user_s_scope(org):
    case = make_case(org.n1)
    with pytest.raises(ValidationError):
        services.case_assign(case=case, unit=org.c1_office, by=org.area_admin_n1)
    services.case_assign(case=case, unit=org.n1_office2, by=org.area_admin_n1)
    assert case.unit == org.n1_office2
