"""prospect_convert: a connected prospect becomes a BP and a CA of the registry through the
customer services, in one transaction, once; it is proposed for the next selection."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import timezone, translation

from crmplus.core.fiscal import fiscal_year
from crmplus.customers.models import BusinessPartner, ContractAccount, CustomerScope
from crmplus.prospects.models import Prospect
from crmplus.prospects.services import prospect_convert
from tests.prospects.helpers import make_prospect, move_to


def convert(p, by, **kw):
    args = {"bp_number": "5812345678", "ca_number": "028000000001", "tariff": "4"}
    args.update(kw)
    return prospect_convert(prospect=p, by=by, **args)


def connected(org):
    return move_to(make_prospect(org), "connected", org.kamr_n1)


def test_it_creates_the_bp_and_ca_links_them_and_keeps_history(org):
    p = connected(org)
    bp = convert(p, org.kamr_n1)
    p.refresh_from_db()
    assert p.bp == bp and p.ca.bp == bp and p.ca.ca_number == "028000000001"
    assert (bp.name_th, bp.business_type, bp.home_office) == (
        "บริษัท ลำพูนโซลาร์เซลล์ จำกัด", "electronics", org.n1_office,
    )  # fmt: skip
    assert p.ca.tariff == "4" and p.ca.contracted_demand_kw == p.expected_load_kw
    # The registry's own history and scope rows: created by its services, not by hand.
    assert bp.history.filter(history_type="+").count() == 1
    assert CustomerScope.objects.filter(bp=bp, unit=org.n1).exists()
    assert p.history.first().history_change_reason == "converted to BP 5812345678"
    assert p.changes.count() == 2  # the stage log stays
    assert p.proposed_ka_fy == fiscal_year(timezone.localdate()) + 1


def test_it_refuses_to_convert_twice(org):
    p = connected(org)
    convert(p, org.kamr_n1)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        convert(p, org.kamr_n1, bp_number="5812345679", ca_number="028000000002")
    assert "already a customer" in e.value.message_dict[NON_FIELD_ERRORS][0]
    assert BusinessPartner.objects.filter(bp_number__startswith="58").count() == 1


def test_it_refuses_a_prospect_that_is_not_connected(org):
    p = make_prospect(org)
    with pytest.raises(ValidationError):
        convert(p, org.kamr_n1)
    assert not BusinessPartner.objects.filter(bp_number="5812345678").exists()


def test_it_writes_nothing_when_the_ca_is_refused(org):
    p = connected(org)
    taken = org.ca_n1.ca_number
    with translation.override("en"), pytest.raises(ValidationError) as e:
        convert(p, org.kamr_n1, ca_number=taken)
    assert "ca_number" in e.value.message_dict
    assert not BusinessPartner.objects.filter(bp_number="5812345678").exists()
    assert Prospect.objects.get(pk=p.pk).bp is None


def test_it_reports_bp_and_ca_problems_together(org):
    p = connected(org)
    with pytest.raises(ValidationError) as e:
        convert(p, org.kamr_n1, bp_number=org.bp_n1.bp_number, ca_number="12")
    assert {"bp_number", "ca_number"} <= set(e.value.message_dict)
    assert ContractAccount.objects.count() == 2  # the fixture's two CAs only


def test_it_refuses_an_office_outside_the_users_scope(org):
    p = connected(org)
    with pytest.raises(ValidationError) as e:
        convert(p, org.kamr_n1, office=org.c1_office)
    assert "office" in e.value.message_dict


def test_it_lets_an_auditor_convert_nothing(org):
    p = connected(org)
    with pytest.raises(PermissionDenied):
        convert(p, org.auditor)


def test_it_hands_to_kam_after_conversion(org):
    from crmplus.prospects.services import prospect_move

    p = connected(org)
    convert(p, org.kamr_n1)
    prospect_move(prospect=p, to_stage="handed_to_kam", by=org.senior_n1)
    assert Prospect.objects.get(pk=p.pk).stage == "handed_to_kam"
