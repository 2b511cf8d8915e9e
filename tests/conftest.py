"""Shared test fixtures: a small organisation and a named user for every role.

HQ ── R1 ── N1 ── N1-OF1 (branch class 1), N1-OF2 (sub-branch)
  └── R3 ── C1 ── C1-OF1 (branch class 2)
"""

import os

import pytest

from crmplus.core.models import OfficeClass, OrgUnitKind, Role
from tests.factories import (
    PASSWORD,
    BusinessPartnerFactory,
    ContactFactory,
    ContractAccountFactory,
    OrgUnitFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django's async-safety
# guard would otherwise refuse the ORM calls that browser tests make.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]
    # Tests create and change data between requests: no cached overview.
    settings.CRMPLUS_OVERVIEW_CACHE_SECONDS = 0
    # Workers started by tests run only the tasks a test enqueues, not the daily jobs.
    settings.CRMPLUS_DAILY_JOBS = False


class Org:
    """The named units and users of the test organisation."""

    password = PASSWORD

    def __init__(self):
        unit = OrgUnitFactory
        self.hq = unit(
            code="HQ",
            kind=OrgUnitKind.HQ,
            office_class="",
            parent=None,
            name_th="สำนักงานใหญ่",
            name_en="Head office",
        )
        self.r1 = unit(
            code="R1",
            kind=OrgUnitKind.REGION,
            office_class="",
            parent=self.hq,
            name_th="ภาค 1",
            name_en="Region 1",
        )
        self.r3 = unit(
            code="R3",
            kind=OrgUnitKind.REGION,
            office_class="",
            parent=self.hq,
            name_th="ภาค 3",
            name_en="Region 3",
        )
        self.n1 = unit(
            code="N1",
            kind=OrgUnitKind.AREA,
            office_class="",
            parent=self.r1,
            name_th="กฟน.1",
            name_en="PEA Area North 1",
        )
        self.c1 = unit(
            code="C1",
            kind=OrgUnitKind.AREA,
            office_class="",
            parent=self.r3,
            name_th="กฟก.1",
            name_en="PEA Area Central 1",
        )
        self.n1_office = unit(
            code="N1-OF1",
            parent=self.n1,
            office_class=OfficeClass.BRANCH_1,
            name_th="กฟฟ.สันทราย",
            name_en="PEA San Sai",
        )
        self.n1_office2 = unit(
            code="N1-OF2",
            parent=self.n1,
            office_class=OfficeClass.SUB_BRANCH,
            name_th="กฟส.แม่ริม",
            name_en="PEA Mae Rim",
        )
        self.c1_office = unit(
            code="C1-OF1",
            parent=self.c1,
            office_class=OfficeClass.BRANCH_2,
            name_th="กฟฟ.บางปะอิน",
            name_en="PEA Bang Pa-in",
        )

        user = UserFactory
        self.hq_admin = user(username="hq_admin", role=Role.HQ_ADMIN, home_unit=self.hq)
        self.hq_approver = user(username="hq_approver", role=Role.APPROVER, home_unit=self.hq)
        self.auditor = user(username="auditor", role=Role.AUDITOR, home_unit=self.hq)
        self.area_admin_n1 = user(username="admin_n1", role=Role.AREA_ADMIN, home_unit=self.n1)
        self.senior_n1 = user(username="senior_n1", role=Role.SENIOR_KAMR, home_unit=self.n1)
        self.kamr_n1 = user(username="kamr_n1", role=Role.KAMR, home_unit=self.n1_office)
        self.kamr_c1 = user(username="kamr_c1", role=Role.KAMR, home_unit=self.c1_office)
        self.area_admin_c1 = user(username="admin_c1", role=Role.AREA_ADMIN, home_unit=self.c1)

        self.bp_n1 = BusinessPartnerFactory(
            name_th="บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด",
            name_en="Lamphun Electronics Co., Ltd.",
            home_office=self.n1_office,
        )
        self.ca_n1 = ContractAccountFactory(bp=self.bp_n1, office=self.n1_office)
        self.contact_n1 = ContactFactory(bp=self.bp_n1, name="คุณวิภา ศรีสุข")
        self.bp_c1 = BusinessPartnerFactory(
            name_th="บริษัท อยุธยาฟู้ดส์ จำกัด",
            name_en="Ayutthaya Foods Co., Ltd.",
            home_office=self.c1_office,
        )
        self.ca_c1 = ContractAccountFactory(bp=self.bp_c1, office=self.c1_office)
        self.contact_c1 = ContactFactory(bp=self.bp_c1, name="คุณประเสริฐ มั่นคง")


@pytest.fixture
def org(db) -> Org:
    return Org()


@pytest.fixture
def org_tx(transactional_db) -> Org:
    """The same organisation, for tests that need real commits (workers, browsers)."""
    return Org()
