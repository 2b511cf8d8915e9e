"""factory-boy factories for the registry. Numbers are unique and valid by construction."""

import factory

from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind, Role, User
from crmplus.customers.models import (
    BusinessPartner,
    CaStatus,
    Contact,
    ContractAccount,
    LawfulBasis,
    TariffClass,
)
from crmplus.customers.validators import tax_id_check_digit

PASSWORD = "Test-pass-2569!"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    kind = OrgUnitKind.OFFICE
    office_class = OfficeClass.BRANCH_1
    name_th = factory.LazyAttribute(lambda o: f"หน่วย {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Unit {o.code}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "ทดสอบ"
    last_name = factory.Sequence(lambda n: f"ผู้ใช้{n}")
    role = Role.KAMR
    language = "th"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def _tax_id(n: int) -> str:
    first12 = f"0105{n:08d}"
    return first12 + tax_id_check_digit(first12)


class BusinessPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessPartner

    bp_number = factory.Sequence(lambda n: f"{1000000000 + n}")
    name_th = factory.Sequence(lambda n: f"บริษัท ทดสอบ {n} จำกัด")
    name_en = factory.Sequence(lambda n: f"Test {n} Co., Ltd.")
    tax_id = factory.Sequence(_tax_id)
    business_type = "food"


class ContractAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractAccount

    ca_number = factory.Sequence(lambda n: f"{20000000000 + n:012d}")
    bp = factory.SubFactory(BusinessPartnerFactory)
    office = factory.LazyAttribute(lambda o: o.bp.home_office)
    tariff = TariffClass.LARGE_BUSINESS
    is_tou = True
    contracted_demand_kw = 1500
    status = CaStatus.ACTIVE


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    bp = factory.SubFactory(BusinessPartnerFactory)
    name = factory.Sequence(lambda n: f"คุณสมชาย ใจดี {n}")
    position = "ผู้จัดการโรงงาน"
    phone = "0812345678"
    email = factory.Sequence(lambda n: f"contact{n}@example.co.th")
    lawful_basis = LawfulBasis.CONTRACT
