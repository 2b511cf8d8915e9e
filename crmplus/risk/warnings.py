"""Early warnings from billing (BRIEF §5, issue 5 item 4): pure Polars, no Django.

Two signs that a key account may be leaving PEA's supply, read from two billing
extracts (this fiscal year and the one before), for the same months of the year:

kWh drop
    Σ kWh over the *common months* (months of the year billed in both years) this year
    against last year. A drop strictly above `kwh_drop_pct` (rounded to 0.01 %) flags.
    Falling energy with a business still running is how rooftop solar, cogeneration or
    a move to an SPP first shows in the bills.

Demand pattern (load factor)
    Load factor = kWh ÷ (peak kW × 730 h, the average month), over the common months:
    Σ kWh ÷ (Σ peak kW × 730). The same hours for every month, so both years compare
    alike (a leap February does not move it). It says how evenly the customer draws power. A change
    of more than `demand_change_pct` (relative, either way, rounded to 0.01 %) flags:
    kWh falling while the peak stays is the daytime dip of solar (the peak then comes at
    night or on cloudy days); peak falling while kWh stays is peak shaving by own
    generation or storage.

Both need at least `min_months` common months, else nothing is flagged (too little to
compare). A pair's peak kW in a month is the sum of its CAs' peaks (non-coincident).

Streaming: both extracts are filtered to the given BPs in the scan (a filter pushed
into the Parquet reader) before any grouping; a national extract is never grouped.
"""

from __future__ import annotations

import polars as pl

from crmplus.core.fiscal import EN_MONTHS_SHORT, TH_MONTHS_SHORT

KEYS = ["bp", "office"]
SLOTS = 12  # fiscal months, October first
STREAMING = "streaming"
HOURS = 730.0  # hours in an average month (8,760 / 12)

# Month of the year (1-12) of each fiscal slot: October is slot 0, September slot 11.
SLOT_MONTHS = [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def slot_labels(lang: str = "th") -> list[str]:
    names = TH_MONTHS_SHORT if lang.startswith("th") else EN_MONTHS_SHORT
    return [names[m - 1] for m in SLOT_MONTHS]


def _monthly(billing: pl.LazyFrame, bps: pl.Series, pairs: pl.LazyFrame) -> pl.LazyFrame:
    """kWh and peak kW per (bp, office, fiscal slot) of the given pairs only."""
    month_no = pl.col("month").str.slice(5, 2).cast(pl.Int32)
    return (
        billing.filter(pl.col("bp").is_in(bps.implode()))
        .select(
            pl.col("bp").cast(pl.Int64),
            pl.col("office").cast(pl.String),
            pl.col("month"),
            slot=((month_no + 2) % 12).cast(pl.Int32),
            kwh=pl.col("kwh").cast(pl.Float64),
            peak_kw=pl.col("peak_kw").cast(pl.Float64),
        )
        .join(pairs, on=KEYS, how="semi")
        .group_by(*KEYS, "slot")
        .agg(
            month=pl.col("month").first(),
            # Rounded: a float sum depends on the order the streaming engine adds in, and
            # a re-run must store the same figures (analytics.py does the same).
            kwh=pl.col("kwh").sum().round(2),
            peak_kw=pl.col("peak_kw").sum().round(2),
        )
    )


OUT_SCHEMA = {
    "bp": pl.Int64,
    "office": pl.String,
    "months_common": pl.Int64,
    "kwh_this": pl.Float64,
    "kwh_last": pl.Float64,
    "kwh_drop_pct": pl.Float64,
    "kwh_flag": pl.Boolean,
    "lf_this": pl.Float64,
    "lf_last": pl.Float64,
    "lf_change_pct": pl.Float64,
    "demand_flag": pl.Boolean,
    "months": pl.List(pl.String),
    "kwh_this_12": pl.List(pl.Float64),
    "kwh_last_12": pl.List(pl.Float64),
    "peak_this_12": pl.List(pl.Float64),
    "peak_last_12": pl.List(pl.Float64),
    "kwh_reason_th": pl.String,
    "kwh_reason_en": pl.String,
    "demand_reason_th": pl.String,
    "demand_reason_en": pl.String,
    "reason_th": pl.String,
    "reason_en": pl.String,
}


def billing_warnings(
    current: pl.LazyFrame,
    previous: pl.LazyFrame,
    *,
    pairs: pl.DataFrame,
    kwh_drop_pct: float,
    demand_change_pct: float,
    min_months: int,
) -> pl.DataFrame:
    """One row per (bp, office) of `pairs` billed in either year, with both checks.

    current, previous  normalised extracts (ca, bp, office, month "YYYY-MM", kwh, peak_kw…)
    pairs              (bp, office) of the key accounts to check
    Returns OUT_SCHEMA: totals over the common months, drop %, load factors and their
    change %, the flags, 12-slot lists (October first) of kWh and peak of both years,
    and the reasons in Thai and English (empty strings when the check did not flag).
    """
    pairs = pairs.select(pl.col("bp").cast(pl.Int64), pl.col("office").cast(pl.String)).unique()
    if pairs.height == 0:
        return pl.DataFrame(schema=OUT_SCHEMA)
    bps = pairs.get_column("bp").unique()
    pairs_lf = pairs.lazy()
    this = _monthly(current, bps, pairs_lf)
    last = _monthly(previous, bps, pairs_lf)
    skeleton = pairs_lf.join(
        pl.LazyFrame({"slot": list(range(SLOTS))}, schema={"slot": pl.Int32}), how="cross"
    )
    rename = {"month": "m", "kwh": "kwh", "peak_kw": "peak"}
    grid = skeleton.join(
        this.rename({k: f"{v}_this" for k, v in rename.items()}), on=[*KEYS, "slot"], how="left"
    ).join(last.rename({k: f"{v}_last" for k, v in rename.items()}), on=[*KEYS, "slot"], how="left")
    common = pl.col("kwh_this").is_not_null() & pl.col("kwh_last").is_not_null()
    year_after = pl.format(
        "{}-{}",
        pl.col("m_last").str.slice(0, 4).cast(pl.Int32) + 1,
        pl.col("m_last").str.slice(5, 2),
    )
    frame = (
        grid.sort(*KEYS, "slot")
        .group_by(KEYS, maintain_order=True)
        .agg(
            any_data=(pl.col("kwh_this").is_not_null() | pl.col("kwh_last").is_not_null()).any(),
            months_common=common.sum().cast(pl.Int64),
            kwh_this=pl.col("kwh_this").filter(common).sum().round(2),
            kwh_last=pl.col("kwh_last").filter(common).sum().round(2),
            cap_this=pl.col("peak_this").filter(common).sum().round(2) * HOURS,
            cap_last=pl.col("peak_last").filter(common).sum().round(2) * HOURS,
            months=pl.coalesce(pl.col("m_this"), year_after),
            kwh_this_12=pl.col("kwh_this"),
            kwh_last_12=pl.col("kwh_last"),
            peak_this_12=pl.col("peak_this"),
            peak_last_12=pl.col("peak_last"),
        )
        .filter(pl.col("any_data"))
        .collect(engine=STREAMING)
    )
    enough = pl.col("months_common") >= min_months
    lf_this = pl.when(pl.col("cap_this") > 0).then(pl.col("kwh_this") / pl.col("cap_this"))
    lf_last = pl.when(pl.col("cap_last") > 0).then(pl.col("kwh_last") / pl.col("cap_last"))
    frame = frame.with_columns(
        kwh_drop_pct=pl.when(pl.col("kwh_last") > 0)
        .then((pl.col("kwh_last") - pl.col("kwh_this")) / pl.col("kwh_last") * 100)
        .round(2),
        lf_this=lf_this,
        lf_last=lf_last,
    ).with_columns(
        lf_change_pct=pl.when(pl.col("lf_last") > 0)
        .then((pl.col("lf_this") - pl.col("lf_last")) / pl.col("lf_last") * 100)
        .round(2),
    )
    frame = frame.with_columns(
        kwh_flag=(enough & (pl.col("kwh_drop_pct") > kwh_drop_pct)).fill_null(False),
        demand_flag=(enough & (pl.col("lf_change_pct").abs() > demand_change_pct)).fill_null(False),
    )
    rows = []
    for row in frame.iter_rows(named=True):
        row.update(_reasons(row, kwh_drop_pct=kwh_drop_pct, demand_change_pct=demand_change_pct))
        rows.append({k: row.get(k) for k in OUT_SCHEMA})
    return pl.DataFrame(rows, schema=OUT_SCHEMA).sort(KEYS)


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{value:,.1f}"


def _reasons(row: dict, *, kwh_drop_pct: float, demand_change_pct: float) -> dict[str, str]:
    n = row["months_common"]
    out = {k: "" for k in ("kwh_reason_th", "kwh_reason_en", "demand_reason_th",
                           "demand_reason_en")}  # fmt: skip
    if row["kwh_flag"]:
        drop, before, after = row["kwh_drop_pct"], row["kwh_last"], row["kwh_this"]
        out["kwh_reason_en"] = (
            f"kWh fell {_pct(drop)} % against the same {n} months last year "
            f"({_n(before)} → {_n(after)} kWh); the check flags drops above "
            f"{kwh_drop_pct:g} %."
        )
        out["kwh_reason_th"] = (
            f"หน่วยการใช้ไฟฟ้าลดลง {_pct(drop)} % เทียบกับ {n} เดือนเดียวกันของปีก่อน "
            f"({_n(before)} → {_n(after)} kWh) เกณฑ์เตือนคือลดลงเกิน {kwh_drop_pct:g} %"
        )
    if row["demand_flag"]:
        change = row["lf_change_pct"]
        before, after = row["lf_last"] * 100, row["lf_this"] * 100
        direction_en = "fell" if change < 0 else "rose"
        direction_th = "ลดลง" if change < 0 else "เพิ่มขึ้น"
        kwh_change = -row["kwh_drop_pct"] if row["kwh_drop_pct"] is not None else 0.0
        peak_change = (row["cap_this"] - row["cap_last"]) / row["cap_last"] * 100
        hint_en = hint_th = ""
        if change < 0 and kwh_change < min(peak_change, 0):
            hint_en = "; energy fell more than the peak: typical of rooftop solar or own generation"
            hint_th = (
                " หน่วยการใช้ลดลงมากกว่าความต้องการพลังไฟฟ้าสูงสุด: ลักษณะของโซลาร์รูฟท็อปหรือการผลิตไฟฟ้าใช้เอง"
            )
        elif change > 0 and peak_change < kwh_change and peak_change < 0:
            hint_en = (
                "; the peak fell while energy did not: peak shaving by own generation or storage"
            )
            hint_th = " ความต้องการพลังไฟฟ้าสูงสุดลดลงแต่หน่วยการใช้ไม่ลด: ลดพีคด้วยการผลิตไฟฟ้าใช้เองหรือแบตเตอรี่"
        out["demand_reason_en"] = (
            f"Load factor {direction_en} from {_pct(before)} % to {_pct(after)} % "
            f"({change:+.1f} %) over the same {n} months (kWh {kwh_change:+.1f} %, "
            f"peak kW {peak_change:+.1f} %){hint_en}; the check flags changes above "
            f"{demand_change_pct:g} %."
        )
        out["demand_reason_th"] = (
            f"ค่าตัวประกอบการใช้ไฟฟ้า (load factor) {direction_th}จาก {_pct(before)} % "
            f"เป็น {_pct(after)} % ({change:+.1f} %) ใน {n} เดือนเดียวกัน (หน่วยการใช้ "
            f"{kwh_change:+.1f} %, ความต้องการพลังไฟฟ้าสูงสุด {peak_change:+.1f} %){hint_th} "
            f"เกณฑ์เตือนคือเปลี่ยนเกิน {demand_change_pct:g} %"
        )
    out["reason_th"] = "\n".join(t for t in (out["kwh_reason_th"], out["demand_reason_th"]) if t)
    out["reason_en"] = "\n".join(t for t in (out["kwh_reason_en"], out["demand_reason_en"]) if t)
    return out
