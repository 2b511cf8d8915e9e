"""`manage.py demo_data`: users of every role, customers in every area, valid numbers,
idempotent, and the same customers for the same seed."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.validators import validate_email

from crmplus.core.demo import demo_estates, demo_offices
from crmplus.core.demo_plan import (
    DEMO_PASSWORD,
    OfficeRef,
    plan_customers,
)
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.customers.models import BusinessPartner, Contact, ContractAccount, IndustrialEstate
from crmplus.customers.validators import tax_id_is_valid, validate_line_id, validate_phone

MODELS = [OrgUnit, IndustrialEstate, User, BusinessPartner, ContractAccount, Contact]


def run_demo(seed: int = 1, customers: int = 200) -> str:
    out = io.StringIO()
    call_command("demo_data", "--seed", str(seed), "--customers", str(customers), stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return run_demo()


def test_it_creates_a_user_for_every_role_with_the_demo_password(demo):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for username in ["hq_admin", "hq_approver", "auditor", "admin_c2", "senior_n1", "kamr_s3"]:
        assert username in demo
    hq_admin = User.objects.get(username="hq_admin")
    assert hq_admin.check_password(DEMO_PASSWORD) and hq_admin.is_staff
    assert hq_admin.password.startswith("argon2")
    kamr = User.objects.get(username="kamr_c2")
    assert kamr.home_unit.kind == OrgUnitKind.OFFICE and kamr.home_unit.parent.code == "C2"
    assert BusinessPartner.objects.for_user(kamr).exists()


def test_it_gives_every_area_customers(demo):
    for area in OrgUnit.objects.filter(kind=OrgUnitKind.AREA):
        assert BusinessPartner.objects.filter(home_office__path__startswith=area.path).exists()
    assert BusinessPartner.objects.filter(home_office__kind=OrgUnitKind.HQ).exists()
    c2 = BusinessPartner.objects.filter(home_office__path__startswith="/HQ/R3/C2/").count()
    n1 = BusinessPartner.objects.filter(home_office__path__startswith="/HQ/R1/N1/").count()
    assert c2 > 5 * n1  # 2,347 against 166 key accounts in 2021


def test_it_stores_valid_numbers_and_contacts(demo):
    # Besides the planned customers, the new-customer pipeline's demo converts a few
    # connected prospects into customers of their own.
    planned = BusinessPartner.objects.filter(prospects__isnull=True)
    assert planned.count() == 200
    tax_ids = list(planned.values_list("tax_id", flat=True))
    assert all(tax_id_is_valid(t) for t in tax_ids) and len(set(tax_ids)) == len(tax_ids)
    cas = list(
        ContractAccount.objects.filter(bp__in=planned).values_list(
            "ca_number", "office__kind", "tariff"
        )
    )
    assert all(re.fullmatch(r"\d{12}", number) for number, _, _ in cas)
    assert {kind for _, kind, _ in cas} == {OrgUnitKind.OFFICE}
    assert {tariff for _, _, tariff in cas} >= {"3", "4", "5"}
    assert not planned.filter(accounts__isnull=True).exists()
    assert not planned.filter(contacts__isnull=True).exists()
    assert planned.filter(industrial_estate__isnull=False).exists()
    for bp in BusinessPartner.objects.all():
        assert bp.search_text == bp.build_search_text()
    for contact in Contact.objects.all():
        validate_phone(contact.phone)
        validate_line_id(contact.line_id)
        validate_email(contact.email)
        assert contact.retention_until
        assert (contact.consent_date is not None) == (contact.lawful_basis == "consent")


def test_it_changes_nothing_when_run_again(demo):
    before = {m: m.objects.count() for m in MODELS}
    history = {m: m.history.count() for m in MODELS if hasattr(m, "history")}
    out = run_demo()
    assert "Customers: 0 created" in out and "Users: 0 created" in out
    assert {m: m.objects.count() for m in MODELS} == before
    assert {m: m.history.count() for m in history} == history


def test_it_stores_the_customers_planned_for_the_seed(demo):
    offices, showcase = demo_offices()
    plans = plan_customers(
        seed=1, count=200, offices=offices, estates=demo_estates(), hq_code="HQ", showcase=showcase
    )
    stored = dict(
        BusinessPartner.objects.filter(prospects__isnull=True).values_list("bp_number", "name_th")
    )
    assert stored == {p.bp_number: p.name_th for p in plans}


def test_it_plans_the_same_customers_for_the_same_seed():
    offices = [
        OfficeRef("N1-0001", "N1", "pro", "เชียงใหม่", "Chiang Mai", True, "เชียงใหม่"),
        OfficeRef("N1-0002", "N1", "b1", "สันทราย", "San Sai", False, "เชียงใหม่"),
        OfficeRef("C2-0001", "C2", "pro", "ชลบุรี", "Chon Buri", True, "ชลบุรี"),
        OfficeRef("C2-0002", "C2", "sub", "บ้านบึง", "Ban Bueng", False, "ชลบุรี"),
    ]

    def plan(seed, count):
        return plan_customers(seed=seed, count=count, offices=offices, estates=[], hq_code="HQ")

    assert plan(7, 60) == plan(7, 60)
    assert plan(7, 40) == plan(7, 60)[:40]  # a bigger run extends a smaller one
    assert [p.name_th for p in plan(7, 60)] != [p.name_th for p in plan(8, 60)]
    names = [p.name_th for p in plan(7, 60)]
    assert len(set(names)) == len(names)
