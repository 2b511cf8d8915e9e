"""GM pooling per (BP, office) and the HVC list (BRIEF §4.1–4.2, M-3.2 row 2)."""

import pytest

from crmplus.keyaccounts.analytics import select_key_accounts
from crmplus.keyaccounts.rules import SelectionRules
from tests.keyaccounts.billing_rows import extract

RULES = SelectionRules(ca_floor=10_000, pooled_threshold=1_000_000)


def run(cas, **kwargs):
    return select_key_accounts(extract(cas), rules=kwargs.pop("rules", RULES), **kwargs)


def test_it_pools_the_cas_above_the_floor_of_one_bp_at_one_office():
    result = run([(1, 10, "A", 600_000), (2, 10, "A", 450_000), (3, 10, "A", 9_000)])
    row = result.accounts.row(0, named=True)
    assert row["pooled_gm"] == pytest.approx(1_050_000)
    assert row["gm"] == pytest.approx(1_059_000)
    assert row["pooled_cas"] == [1, 2]
    assert row["n_cas"] == 3 and row["n_pooled"] == 2


def test_it_does_not_count_a_ca_exactly_at_the_floor():
    result = run([(1, 10, "A", 995_000), (2, 10, "A", 10_000)], keep_all_pairs=True)
    assert result.accounts.is_empty()
    pair = result.pairs.row(0, named=True)
    assert pair["pooled_gm"] == pytest.approx(995_000)
    assert pair["pooled_cas"] == [1]


def test_it_never_pools_across_offices_or_bps():
    result = run(
        [(1, 10, "A", 600_000), (2, 10, "B", 600_000), (3, 11, "A", 600_000)],
        keep_all_pairs=True,
    )
    assert result.accounts.is_empty()
    assert sorted(result.pairs["pooled_gm"].round(0).to_list()) == [600_000] * 3


def test_it_qualifies_a_pair_exactly_at_the_threshold():
    result = run([(1, 10, "A", 1_000_000)])
    assert result.accounts["bp"].to_list() == [10]


def test_it_ranks_the_hvc_list_by_pooled_gm():
    result = run([(1, 10, "A", 1_500_000), (2, 11, "A", 3_000_000), (3, 12, "B", 2_000_000)])
    assert result.accounts["bp"].to_list() == [11, 12, 10]
    assert result.accounts["rank"].to_list() == [1, 2, 3]


def test_it_takes_floor_and_threshold_from_the_rules():
    cas = [(1, 10, "A", 90_000), (2, 10, "A", 120_000), (3, 11, "A", 140_000)]
    strict = run(cas, rules=SelectionRules(ca_floor=100_000, pooled_threshold=200_000))
    assert strict.accounts.is_empty()
    lenient = run(cas, rules=SelectionRules(ca_floor=80_000, pooled_threshold=200_000))
    assert lenient.accounts["bp"].to_list() == [10]
    assert lenient.accounts["pooled_cas"].to_list() == [[1, 2]]


def test_it_writes_the_cli_fields_for_every_pair():
    result = run([(1, 10, "A", 1_500_000), (2, 11, "A", 5_000)], keep_all_pairs=True)
    assert result.pairs.columns == [
        "bp", "office", "gm", "pooled_gm", "pooled_cas", "key_account", "segment",
        "supplement", "points",
    ]  # fmt: skip
    assert result.pairs["key_account"].to_list() == [True, False]
    assert result.pairs.row(1, named=True)["pooled_cas"] == []
