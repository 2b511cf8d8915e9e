"""Reads of risk assessments that other capabilities use."""

from __future__ import annotations

import polars as pl

from crmplus.risk.models import RiskAssessment

SCHEMA = {"bp": pl.Int64, "office": pl.String, "risk_level": pl.Int64}


def risk_levels_frame(fy: int) -> pl.DataFrame:
    """Confirmed risk levels per (BP, office code) for the 4S strength axis.

    The selection engine calls its providers with the *billing* fiscal year of the
    extract (the list it builds is for the year after). The risk that applies is the
    one assessed for that same billing year: by the October run of FY n+1's list, FY n's
    assessments are the newest that can be confirmed, and they describe the customer
    in the year whose billing is being judged. Assessments of the list year itself are
    made after the list exists, so they never feed the run that created it (a re-run
    of the same extract gives the same list). Only confirmed assessments count: a
    draft or one waiting for review is not yet PEA's view. No row, no change: the
    engine then skips the risk component for that account.
    """
    rows = (
        RiskAssessment.objects.confirmed()
        .filter(fy=fy)
        .values_list("bp__bp_number", "office__code", "level")
    )
    data = [(int(bp), office, int(level)) for bp, office, level in rows]
    return pl.DataFrame(data, schema=SCHEMA, orient="row")
