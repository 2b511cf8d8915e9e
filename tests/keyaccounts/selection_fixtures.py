"""A tiny billing year for the test organisation, stored as a real extract."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmplus.billing.services import billing_extract_import
from crmplus.core.models import Role
from tests.factories import BusinessPartnerFactory, ContractAccountFactory, UserFactory
from tests.keyaccounts.billing_rows import extract

BILLING_FY, LIST_FY = 2569, 2570


def write_extract(path: Path, cas) -> Path:
    extract(cas).collect().with_columns().write_parquet(path)
    return path


def selection_world(org, tmp_path: Path):
    """N1: bp_n1 a key account at N1-OF1 (two CAs pooled) and a near miss; C1: bp_c1."""
    n1_near = BusinessPartnerFactory(home_office=org.n1_office, name_th="บริษัท ใกล้เกณฑ์ จำกัด")
    ContractAccountFactory(bp=n1_near, office=org.n1_office)
    second = ContractAccountFactory(bp=org.bp_n1, office=org.n1_office)
    cas = [
        (int(org.ca_n1.ca_number), int(org.bp_n1.bp_number), "N1-OF1", 1_800_000),
        (int(second.ca_number), int(org.bp_n1.bp_number), "N1-OF1", 900_000),
        (int(n1_near.accounts.get().ca_number), int(n1_near.bp_number), "N1-OF1", 400_000),
        (int(org.ca_c1.ca_number), int(org.bp_c1.bp_number), "C1-OF1", 25_000_000),
    ]
    path = write_extract(tmp_path / "billing.parquet", cas)
    stored = billing_extract_import(source=path, fy=BILLING_FY, by=org.hq_admin, name="test")
    org.approver_n1 = UserFactory(username="approver_n1", role=Role.APPROVER, home_unit=org.n1)
    org.approver_c1 = UserFactory(username="approver_c1", role=Role.APPROVER, home_unit=org.c1)
    org.n1_near = n1_near
    return stored


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
