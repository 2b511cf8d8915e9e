"""The demo step: prospects in every area of the tree and several stages, a few stalled
and converted, the same for a seed, nothing added by a second run."""

from crmplus.customers.models import BusinessPartner, ContractAccount
from crmplus.prospects.demo import BP_PREFIX, CA_PREFIX, REF_PREFIX, demo_prospects_load
from crmplus.prospects.models import Prospect


def snapshot():
    return list(
        Prospect.objects.order_by("reference").values_list(
            "reference", "company_name", "stage", "expected_load_kw", "expected_gm", "office__code"
        )
    )


def test_it_is_deterministic_and_idempotent(org):
    line = demo_prospects_load(1)
    assert line.startswith("Prospects: 26 created")
    first = snapshot()
    assert {r[5] for r in first} <= {"N1-OF1", "C1-OF1"}
    assert all(r[0].startswith(REF_PREFIX) for r in first)
    assert len({r[2] for r in first}) >= 4
    assert demo_prospects_load(1) == "Prospects: 0 created (demo prospects already loaded)"
    assert snapshot() == first
    converted = Prospect.objects.exclude(bp=None)
    assert all(p.stage in ("connected", "handed_to_kam") for p in converted)
    assert not Prospect.objects.filter(stage="handed_to_kam", bp=None).exists()
    # Same seed from scratch: the same prospects (the converted ones' BPs removed too).
    Prospect.objects.all().delete()
    ContractAccount.objects.filter(ca_number__startswith=CA_PREFIX).delete()
    BusinessPartner.objects.filter(bp_number__startswith=BP_PREFIX).delete()
    demo_prospects_load(1)
    assert [r[:5] for r in snapshot()] == [r[:5] for r in first]
