from crmplus.customers.models import BusinessPartner


def test_it_shows_a_kamr_only_their_area(org):
    visible = set(BusinessPartner.objects.for_user(org.kamr_n1))
    assert visible == {org.bp_n1}


def test_it_shows_hq_everything(org):
    assert set(BusinessPartner.objects.for_user(org.auditor)) == {org.bp_n1, org.bp_c1}


def test_it_shows_an_area_admin_the_whole_area(org):
    assert set(BusinessPartner.objects.for_user(org.area_admin_n1)) == {org.bp_n1}


def test_it_shows_a_bp_whose_ca_is_in_scope(org):
    from tests.factories import ContractAccountFactory

    ContractAccountFactory(bp=org.bp_c1, office=org.n1_office)
    assert org.bp_c1 in BusinessPartner.objects.for_user(org.kamr_n1)


def test_it_answers_404_for_another_areas_customer(org, client):
    client.force_login(org.kamr_n1)
    assert client.get(org.bp_c1.get_absolute_url()).status_code == 404
    assert client.get(org.bp_n1.get_absolute_url()).status_code == 200
