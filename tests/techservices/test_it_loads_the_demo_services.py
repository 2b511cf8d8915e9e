"""The demo step: deterministic, idempotent, and within the entitlements."""

from collections import Counter

from crmplus.techservices.demo import demo_services_load
from crmplus.techservices.models import ServiceRequest
from tests.factories import BusinessPartnerFactory
from tests.techservices.conftest import key_account


def test_it_loads_once_and_keeps_the_rules(org):
    segments = ["strategic"] * 6 + ["star"] * 6 + ["status"] * 6 + ["streamline"] * 6
    for n, seg in enumerate(segments):
        bp = BusinessPartnerFactory(home_office=org.n1_office)
        key_account(org, bp, segment=seg, supplement=(seg == "status" and n % 2 == 0), fy=2564)
    line = demo_services_load(seed=1)
    assert line.startswith("Technical services:")
    first = list(
        ServiceRequest.objects.order_by("pk").values_list("bp__bp_number", "code", "requested_on")
    )
    assert first
    assert "already" in demo_services_load(seed=1)
    assert ServiceRequest.objects.count() == len(first)
    per = Counter(ServiceRequest.objects.values_list("segment", flat=True))
    assert per["strategic"] > per["streamline"]
    for r in ServiceRequest.objects.filter(supplement=True):
        assert r.code in {"FMS1", "FMS2", "FMS3", "FMS4", "FMS5"}
    ServiceRequest.objects.all().delete()
    demo_services_load(seed=1)
    again = list(
        ServiceRequest.objects.order_by("pk").values_list("bp__bp_number", "code", "requested_on")
    )
    assert again == first
