from django.core.management import call_command

from crmplus.core.models import OrgUnit
from crmplus.customers import services
from crmplus.customers.models import BusinessPartner, CustomerScope
from tests.factories import ContractAccountFactory


def _rows():
    return set(CustomerScope.objects.values_list("unit__code", "bp__bp_number"))


def test_it_lists_every_unit_above_the_offices_but_hq(org):
    units = {u for u, bp in _rows() if bp == org.bp_n1.bp_number}
    assert units == {"R1", "N1", "N1-OF1"}


def test_it_follows_a_contract_account_moved_to_another_area(org):
    assert org.bp_n1 not in BusinessPartner.objects.for_user(org.kamr_c1)
    services.ca_update(ca=org.ca_n1, by=org.hq_admin, office=org.c1_office)
    assert org.bp_n1 in BusinessPartner.objects.for_user(org.kamr_c1)
    assert org.bp_n1 in BusinessPartner.objects.for_user(org.kamr_n1)  # its home office


def test_it_forgets_an_office_when_its_last_ca_there_is_deleted(org):
    extra = ContractAccountFactory(bp=org.bp_c1, office=org.n1_office)
    assert org.bp_c1 in BusinessPartner.objects.for_user(org.kamr_n1)
    extra.delete()
    assert org.bp_c1 not in BusinessPartner.objects.for_user(org.kamr_n1)


def test_it_follows_an_area_moved_to_another_region(client, org):
    n1 = OrgUnit.objects.get(pk=org.n1.pk)
    n1.parent = org.r3
    n1.save()
    r3_user = org.kamr_c1
    r3_user.home_unit = org.r3
    r3_user.save()
    assert org.bp_n1 in BusinessPartner.objects.for_user(r3_user)


def test_it_rebuilds_to_the_same_rows_it_keeps_incrementally(org):
    ContractAccountFactory(bp=org.bp_c1, office=org.n1_office2)
    before = _rows()
    CustomerScope.objects.all().delete()
    call_command("rebuild_customer_scope", verbosity=0)
    assert _rows() == before


def test_it_shows_a_user_without_a_home_unit_nothing(org):
    org.kamr_n1.home_unit = None
    org.kamr_n1._scope_unit_ids = []
    assert not BusinessPartner.objects.for_user(org.kamr_n1).exists()


def test_it_scopes_customers_written_by_a_bulk_import(org, tmp_path):
    from tests.customers.import_rows import good_rows, run, write_csv

    out = run(write_csv(tmp_path / "good.csv", good_rows()), org.senior_n1, tmp_path)
    assert out.status == "done", out
    imported = BusinessPartner.objects.filter(bp_number__startswith="30000000")
    assert imported.count() == 3
    assert set(BusinessPartner.objects.for_user(org.area_admin_n1)) >= set(imported)
    assert not BusinessPartner.objects.for_user(org.kamr_c1).filter(pk__in=imported).exists()
