"""Key-account selection engine: pure Polars over a billing extract, no Django (BRIEF §4).

    billing rows (CA × month) ──► yearly figures per CA ──► GM pooling per (BP, office)
        ──► HVC list (pooled GM ≥ threshold, ranked) ──► 4S segment per key account
        ──► office points ──► Status (supplement) for offices at 4–5 points
        ──► every key account with its explanation in Thai and English

The billing pass streams (one group-by over the extract, never all rows in memory);
what follows works on the BP-office pairs that have at least one CA above the floor,
which is a small fraction of a utility's customers. Results are sorted by a total
order, so the same extract and rules always give the same list whatever the row order.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import polars as pl

from crmplus.keyaccounts.explain import explain_key_account, explain_supplement
from crmplus.keyaccounts.rules import SelectionRules

PAIR_ORDER = (["pooled_gm", "gm", "bp", "office"], [True, True, False, False])
STREAMING = "streaming"


def yearly_per_ca(billing: pl.LazyFrame) -> pl.LazyFrame:
    """One row per CA (and the BP and office it bills under) with its yearly figures."""
    return billing.group_by("bp", "office", "ca").agg(
        # Money to the satang, so a CA exactly at the floor stays at the floor; kWh to
        # 2 decimals too: a float sum depends on the order the streaming engine adds in.
        gm=pl.col("gm").sum().round(2),
        kwh=pl.col("kwh").sum().round(2),
        peak_kw=pl.col("peak_kw").max(),
    )


def pool_pairs(per_ca: pl.LazyFrame, *, floor: float) -> pl.LazyFrame:
    """GM pooling (M-3.2 row 2): per (BP, office), the GM of the CAs above `floor`.

    `gm` is the pair's whole yearly GM; `pooled_gm` counts only CAs whose own GM is
    strictly above the floor, and `pooled_cas` lists them.
    """
    above = pl.col("gm") > floor
    return per_ca.group_by("bp", "office").agg(
        gm=pl.col("gm").sum().round(2),
        pooled_gm=pl.col("gm").filter(above).sum().round(2),
        n_cas=pl.len().cast(pl.Int64),
        n_pooled=above.sum().cast(pl.Int64),
        pooled_cas=pl.col("ca").filter(above).sort(),
        # Rounded like gm, or the same extract could read "924 kW" in one run and
        # "925 kW" in the next (924.5 vs 924.5000000000001, summed in another order).
        kwh=pl.col("kwh").sum().round(2),
        demand_kw=pl.col("peak_kw").filter(above).sum().round(2),
    )


def considered_pairs(billing: pl.LazyFrame, *, floor: float) -> pl.DataFrame:
    """The rows of `pool_pairs` with `pooled_gm` > 0, without grouping every CA.

    Grouping all of PEA's 21 M CAs by (BP, office, CA) takes 38 s and 16 GiB in Polars
    2.1 (docs/benchmarks.md). But a validated extract has at most one row per CA and
    month, so a CA above the floor has a month above floor / months. Pass 1 (a filter
    pushed into the scan) finds the BPs with such a month: ~3 % of them; pass 2 pools
    every row of those BPs, so their pairs' figures are exact and whole (9 s, 1.8 GiB).
    """
    if "month" not in billing.collect_schema().names():
        pooled = pool_pairs(yearly_per_ca(billing), floor=floor)
        return pooled.filter(pl.col("pooled_gm") > 0).collect(engine=STREAMING)
    months = billing.select(pl.col("month").n_unique()).collect(engine=STREAMING).item()
    # Below floor / months by a margin for the satang rounding and float sums.
    bar = floor * 0.999 / max(months, 1) - 0.01
    bps = (
        billing.filter(pl.col("gm") > bar)
        .select(pl.col("bp").unique())
        .collect(engine=STREAMING)
        .to_series()
    )
    rows = billing.filter(pl.col("bp").is_in(bps.implode(), nulls_equal=True))
    pooled = pool_pairs(yearly_per_ca(rows), floor=floor)
    return pooled.filter(pl.col("pooled_gm") > 0).collect(engine=STREAMING)


def pair_gm(billing: pl.LazyFrame) -> pl.LazyFrame:
    """Yearly GM per (BP, office): the previous year's figure for GM growth."""
    return billing.group_by("bp", "office").agg(prev_gm=pl.col("gm").sum().round(2))


@dataclass
class SelectionResult:
    accounts: pl.DataFrame  # key accounts: qualified (ranked) and supplements
    offices: pl.DataFrame  # points per office and what the office rule did
    pairs: pl.DataFrame | None  # every BP-office pair, when asked for (CLI output)
    considered_pairs: int  # pairs with at least one CA above the floor


def select_key_accounts(
    billing: pl.LazyFrame,
    *,
    rules: SelectionRules,
    previous: pl.LazyFrame | None = None,
    attributes: pl.DataFrame | None = None,
    hq_bps: Collection[int] = (),
    offices: pl.DataFrame | None = None,
    keep_all_pairs: bool = False,
) -> SelectionResult:
    """Run the selection.

    billing    normalised extract (crmplus.billing.extract): ca, bp, office, …, gm
    previous   the previous fiscal year's extract, for GM growth (optional)
    attributes per (bp, office): tenure_years, satisfaction, risk_level (1 low … 4 very
               high); any column or value may be missing: that component is skipped
    hq_bps     BPs whose key accounts HQ owns: not counted in any office's points
    offices    office code, office_class of every office (for the office rule)
    """
    pairs_lf = pool_pairs(yearly_per_ca(billing), floor=rules.ca_floor)
    if keep_all_pairs:
        all_pairs = pairs_lf.collect(engine=STREAMING)
        pairs = all_pairs.filter(pl.col("pooled_gm") > 0)
    else:
        all_pairs = None
        pairs = considered_pairs(billing, floor=rules.ca_floor)
    pairs = pairs.sort(*PAIR_ORDER[:1], descending=PAIR_ORDER[1])
    pairs = _with_context(pairs, rules=rules, previous=previous, attributes=attributes)
    hq = pl.Series("hq", list(hq_bps), dtype=pl.Int64)
    pairs = pairs.with_columns(
        owner=pl.when(pl.col("bp").is_in(hq.implode()))
        .then(pl.lit("HQ"))
        .otherwise(pl.col("office")),
        qualified=pl.col("pooled_gm") >= rules.pooled_threshold,
    )
    qualified = pairs.filter("qualified").with_row_index("rank", offset=1)
    qualified = qualified.with_columns(pl.col("rank").cast(pl.Int64))
    rows = [_segment_row(row, rules) for row in qualified.iter_rows(named=True)]
    office_table, supplements = _office_rule(pairs, rows, rules=rules, offices=offices)
    accounts = _accounts_frame(rows + supplements)
    if all_pairs is not None:
        all_pairs = _pairs_frame(all_pairs, accounts)
    return SelectionResult(
        accounts=accounts, offices=office_table, pairs=all_pairs, considered_pairs=pairs.height
    )


def _with_context(
    pairs: pl.DataFrame,
    *,
    rules: SelectionRules,
    previous: pl.LazyFrame | None,
    attributes: pl.DataFrame | None,
) -> pl.DataFrame:
    keys = ["bp", "office"]
    if previous is not None:
        # Only the considered BPs' rows are grouped (a filter pushed into the scan):
        # grouping a whole national year first took 32 s and 10.6 GiB (bench/).
        bps = pairs.get_column("bp").unique().implode()
        prev = pair_gm(previous.filter(pl.col("bp").is_in(bps))).join(
            pairs.lazy().select(keys), on=keys, how="semi"
        )
        pairs = pairs.join(prev.collect(engine=STREAMING), on=keys, how="left")
    else:
        pairs = pairs.with_columns(prev_gm=pl.lit(None, dtype=pl.Float64))
    pairs = pairs.with_columns(
        gm_growth=pl.when(pl.col("prev_gm") > 0)
        .then((pl.col("gm") - pl.col("prev_gm")) / pl.col("prev_gm") * 100)
        .otherwise(None)
    )
    wanted = {"tenure_years": pl.Float64, "satisfaction": pl.Float64, "risk_level": pl.Int64}
    if attributes is not None and attributes.height:
        present = [c for c in wanted if c in attributes.columns]
        attrs = attributes.select(
            pl.col("bp").cast(pl.Int64),
            pl.col("office").cast(pl.String),
            *[pl.col(c).cast(wanted[c]) for c in present],
        ).unique(subset=keys, keep="first", maintain_order=True)
        pairs = pairs.join(attrs, on=keys, how="left")
    for column, dtype in wanted.items():
        if column not in pairs.columns:
            pairs = pairs.with_columns(pl.lit(None, dtype=dtype).alias(column))
    return pairs


def _axis(row: dict, criteria, *, key_map: dict[str, str]) -> tuple[float | None, list[dict]]:
    """Weighted score of one axis over the components that have a value."""
    parts, total_weight, total = [], 0.0, 0.0
    for criterion in criteria:
        value = row.get(key_map.get(criterion.key, criterion.key))
        if criterion.weight <= 0:
            continue
        if value is None:
            parts.append({"key": criterion.key, "value": None, "weight": criterion.weight})
            continue
        points = criterion.score(float(value))
        parts.append(
            {
                "key": criterion.key,
                "value": float(value),
                "points": points,
                "weight": criterion.weight,
                "band": criterion.band_for(float(value)),
            }
        )
        total += points * criterion.weight
        total_weight += criterion.weight
    if total_weight == 0:
        return None, parts
    # Weights of skipped components are shared out over the present ones.
    return round(total / total_weight, 2), parts


def _segment_row(row: dict, rules: SelectionRules) -> dict:
    attractiveness, a_parts = _axis(row, rules.attractiveness, key_map={"gm": "pooled_gm"})
    strength, s_parts = _axis(row, rules.strength, key_map={})
    high = attractiveness is not None and attractiveness >= rules.attractiveness_cutoff
    if strength is None:
        strong = rules.strength_when_unknown == "strong"
    else:
        strong = strength >= rules.strength_cutoff
    segment = {
        (True, True): "strategic",
        (True, False): "star",
        (False, True): "status",
        (False, False): "streamline",
    }[(high, strong)]
    out = dict(row)
    out.update(
        attractiveness=attractiveness,
        strength=strength,
        segment=segment,
        supplement=False,
        points=float(rules.segment_points[segment]),
    )
    out["explain_en"], out["explain_th"] = explain_key_account(
        out, rules=rules, a_parts=a_parts, s_parts=s_parts
    )
    return out


def _office_rule(
    pairs: pl.DataFrame, rows: list[dict], *, rules: SelectionRules, offices: pl.DataFrame | None
) -> tuple[pl.DataFrame, list[dict]]:
    """Office points, Status (supplement) for offices at 4–5 points (BRIEF §4.4)."""
    points: dict[str, float] = {}
    counts: dict[str, int] = {}
    for row in rows:
        if row["owner"] == "HQ":
            continue  # HQ's accounts are served by HQ's KAMRs, not the office's
        points[row["office"]] = points.get(row["office"], 0.0) + row["points"]
        counts[row["office"]] = counts.get(row["office"], 0) + 1
    classes: dict[str, str] = {}
    if offices is not None:
        classes = dict(
            zip(offices["code"].to_list(), offices["office_class"].to_list(), strict=True)
        )
    minimum, lower = rules.office_minimum_points, rules.supplement_lower_points
    status_points = float(rules.segment_points["status"])
    short = {
        code
        for code, value in points.items()
        if lower <= value < minimum and classes.get(code) in rules.supplement_office_classes
    }
    supplements: list[dict] = []
    added: dict[str, int] = {}
    if short:
        candidates = pairs.filter(
            ~pl.col("qualified")
            & (pl.col("owner") != "HQ")
            & pl.col("office").is_in(pl.Series(sorted(short)).implode())
        )
        for cand in candidates.iter_rows(named=True):  # already in significance order
            code = cand["office"]
            before = points[code]
            if before >= minimum:
                continue
            points[code] = before + status_points
            counts[code] += 1
            added[code] = added.get(code, 0) + 1
            row = dict(cand)
            row.update(
                rank=None,
                attractiveness=None,
                strength=None,
                segment="status",
                supplement=True,
                points=status_points,
            )
            row["explain_en"], row["explain_th"] = explain_supplement(
                row, rules=rules, office_points_before=before, minimum=minimum
            )
            supplements.append(row)
    table = []
    for code in sorted(set(points) | set(classes)):
        value = points.get(code, 0.0)
        office_class = classes.get(code, "")
        if value >= minimum:
            status = "supplemented" if added.get(code) else "ok"
        elif office_class in rules.review_office_classes:
            status = "review"  # class 1–3 branches must have a KAMR (M-3.2 rule 2)
        else:
            status = "below"
        table.append(
            {
                "office": code,
                "office_class": office_class,
                "key_accounts": counts.get(code, 0),
                "supplements": added.get(code, 0),
                "points": value,
                "status": status,
            }
        )
    schema = {
        "office": pl.String,
        "office_class": pl.String,
        "key_accounts": pl.Int64,
        "supplements": pl.Int64,
        "points": pl.Float64,
        "status": pl.String,
    }
    return pl.DataFrame(table, schema=schema), supplements


ACCOUNT_SCHEMA = {
    "rank": pl.Int64,
    "bp": pl.Int64,
    "office": pl.String,
    "owner": pl.String,
    "gm": pl.Float64,
    "pooled_gm": pl.Float64,
    "n_cas": pl.Int64,
    "n_pooled": pl.Int64,
    "pooled_cas": pl.List(pl.Int64),
    "kwh": pl.Float64,
    "demand_kw": pl.Float64,
    "prev_gm": pl.Float64,
    "gm_growth": pl.Float64,
    "tenure_years": pl.Float64,
    "satisfaction": pl.Float64,
    "risk_level": pl.Int64,
    "attractiveness": pl.Float64,
    "strength": pl.Float64,
    "segment": pl.String,
    "supplement": pl.Boolean,
    "points": pl.Float64,
    "explain_en": pl.String,
    "explain_th": pl.String,
}


def _accounts_frame(rows: list[dict]) -> pl.DataFrame:
    data = [{k: row.get(k) for k in ACCOUNT_SCHEMA} for row in rows]
    return pl.DataFrame(data, schema=ACCOUNT_SCHEMA)


def _pairs_frame(all_pairs: pl.DataFrame, accounts: pl.DataFrame) -> pl.DataFrame:
    """Every BP-office pair with the CLI's fields (`manage.py hvc_run --json`)."""
    chosen = accounts.select("bp", "office", "segment", "supplement", "points")
    out = all_pairs.join(chosen, on=["bp", "office"], how="left").with_columns(
        key_account=pl.col("segment").is_not_null(),
        supplement=pl.col("supplement").fill_null(False),
        points=pl.col("points").fill_null(0.0),
    )
    return out.select(
        "bp", "office", "gm", "pooled_gm", "pooled_cas", "key_account", "segment",
        "supplement", "points",
    ).sort(*PAIR_ORDER[:1], descending=PAIR_ORDER[1])  # fmt: skip
