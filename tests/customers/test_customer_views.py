from django.urls import reverse

from crmplus.customers.models import BusinessPartner, Contact, PersonalDataAccess


def _contact_post(contact, **changes):
    data = {
        "name": contact.name,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
        "line_id": contact.line_id,
        "lawful_basis": contact.lawful_basis,
        "consent_date": "",
        "consent_purpose": "",
        "retention_until": "",
    }
    data.update(changes)
    return data


def _edit_url(org):
    return reverse("customers:contact_edit", args=[org.bp_n1.pk, org.contact_n1.pk])


def test_it_refuses_a_bad_phone_and_email_and_saves_nothing(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(_edit_url(org), _contact_post(org.contact_n1, phone="12345", email="nope"))
    assert r.status_code == 200
    assert set(r.context["form"].errors) == {"phone", "email"}
    fresh = Contact.objects.get(pk=org.contact_n1.pk)
    assert (fresh.phone, fresh.email) == (org.contact_n1.phone, org.contact_n1.email)
    assert fresh.history.count() == 1


def test_it_saves_a_fixed_contact_and_shows_it_in_history(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(_edit_url(org), _contact_post(org.contact_n1, phone="089-123-4567"))
    assert r.status_code == 302
    assert Contact.objects.get(pk=org.contact_n1.pk).phone == "0891234567"
    history = client.get(reverse("customers:history", args=[org.bp_n1.pk])).content.decode()
    assert "0812345678" in history and "0891234567" in history
    assert org.kamr_n1.get_full_name() in history


def test_it_requires_a_consent_date_when_consent_is_the_basis(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(_edit_url(org), _contact_post(org.contact_n1, lawful_basis="consent"))
    assert "consent_date" in r.context["form"].errors


def test_it_hides_another_areas_customer_from_every_screen(client, org):
    client.force_login(org.kamr_n1)
    bp, contact = org.bp_c1, org.contact_c1
    for url in [
        reverse("customers:detail", args=[bp.pk]),
        reverse("customers:edit", args=[bp.pk]),
        reverse("customers:history", args=[bp.pk]),
        reverse("customers:contact_edit", args=[bp.pk, contact.pk]),
        reverse("customers:account_edit", args=[bp.pk, org.ca_c1.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("customers:list")).content.decode()
    assert org.bp_n1.name_th in listing and bp.name_th not in listing


def test_it_lets_an_auditor_read_but_never_write(client, org):
    client.force_login(org.auditor)
    assert client.get(org.bp_c1.get_absolute_url()).status_code == 200
    r = client.post(_edit_url(org), _contact_post(org.contact_n1, phone="0891234567"))
    assert r.status_code == 403
    r = client.post(reverse("customers:edit", args=[org.bp_n1.pk]), {"name_th": "x"})
    assert r.status_code == 403
    assert Contact.objects.get(pk=org.contact_n1.pk).phone == org.contact_n1.phone


def test_it_refuses_a_home_office_outside_the_users_scope(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(
        reverse("customers:create"),
        {
            "bp_number": "1999999999",
            "name_th": "บริษัท ใหม่ จำกัด",
            "tax_id": "",
            "business_type": "food",
            "home_office": org.c1_office.pk,
        },
    )
    assert r.status_code == 200 and "home_office" in r.context["form"].errors
    assert not BusinessPartner.objects.filter(bp_number="1999999999").exists()


def test_it_creates_a_customer_with_a_valid_tax_id(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(
        reverse("customers:create"),
        {
            "bp_number": "1999999999",
            "name_th": "บริษัท ใหม่ จำกัด",
            "tax_id": "0994000165510",
            "business_type": "food",
            "home_office": org.n1_office.pk,
        },
    )
    assert r.status_code == 302
    assert BusinessPartner.objects.get(bp_number="1999999999").tax_id == "0994000165510"


def test_it_refuses_a_tax_id_with_a_bad_checksum(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(
        reverse("customers:edit", args=[org.bp_n1.pk]),
        {
            "name_th": org.bp_n1.name_th,
            "tax_id": "0994000165511",
            "business_type": "food",
            "home_office": org.n1_office.pk,
        },
    )
    assert "tax_id" in r.context["form"].errors


def test_it_logs_who_viewed_a_customers_contacts(client, org):
    client.force_login(org.kamr_n1)
    client.get(org.bp_n1.get_absolute_url())
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.contact, log.action) == (org.kamr_n1, org.contact_n1, "view")


def test_it_searches_by_name_ca_and_tax_id(client, org):
    client.force_login(org.auditor)
    for q in ["ลำพูน", "lamphun", org.ca_n1.ca_number, org.bp_n1.tax_id, org.bp_n1.bp_number]:
        page = client.get(reverse("customers:list"), {"q": q}).context["page"]
        assert list(page.object_list) == [org.bp_n1], q


def test_it_filters_by_area_and_sorts(client, org):
    client.force_login(org.auditor)
    page = client.get(reverse("customers:list"), {"area": org.c1.pk}).context["page"]
    assert list(page.object_list) == [org.bp_c1]
    page = client.get(reverse("customers:list"), {"sort": "-name"}).context["page"]
    names = [bp.name_th for bp in page.object_list]
    assert names == sorted(names, reverse=True)


def test_it_answers_the_htmx_list_with_only_the_results(client, org):
    client.force_login(org.auditor)
    r = client.get(
        reverse("customers:list"),
        {"q": "ลำพูน"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="customer-results",
    )
    body = r.content.decode()
    assert "<html" not in body and org.bp_n1.name_th in body


def test_it_shows_field_errors_in_thai(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(_edit_url(org), _contact_post(org.contact_n1, phone="12345", email="nope"))
    body = r.content.decode()
    assert "กรุณากรอกหมายเลขโทรศัพท์" in body
    assert "ป้อนที่อยู่อีเมลที่ถูกต้อง" in body


def test_it_offers_offices_only_for_the_chosen_area_when_the_scope_has_several(client, org):
    client.force_login(org.auditor)
    form = client.get(reverse("customers:list")).context["form"]
    assert list(form.fields["office"].queryset) == []
    r = client.get(reverse("customers:office_options"), {"area": org.n1.pk})
    assert org.n1_office.name_th in r.content.decode()
    assert org.c1_office.name_th not in r.content.decode()


def test_it_offers_an_area_admin_their_offices_at_once(client, org):
    client.force_login(org.area_admin_n1)
    form = client.get(reverse("customers:list")).context["form"]
    assert set(form.fields["office"].queryset) == {org.n1_office, org.n1_office2}
    r = client.get(reverse("customers:office_options"), {"area": org.c1.pk})
    assert org.c1_office.name_th not in r.content.decode()


def test_it_keeps_the_other_filters_when_one_is_stale(client, org):
    client.force_login(org.auditor)
    r = client.get(reverse("customers:list"), {"area": org.c1.pk, "office": org.n1_office.pk})
    assert list(r.context["page"].object_list) == [org.bp_c1]


def test_it_pages_the_contract_accounts_of_a_large_customer(client, org):
    from crmplus.customers.views import CA_PAGE_SIZE
    from tests.factories import ContractAccountFactory

    ContractAccountFactory.create_batch(CA_PAGE_SIZE, bp=org.bp_n1, office=org.n1_office)
    client.force_login(org.kamr_n1)
    first = client.get(org.bp_n1.get_absolute_url()).context["accounts"]
    assert first.paginator.count == CA_PAGE_SIZE + 1 and len(first.object_list) == CA_PAGE_SIZE
    second = client.get(org.bp_n1.get_absolute_url(), {"ca_page": 2}).context["accounts"]
    assert len(second.object_list) == 1
