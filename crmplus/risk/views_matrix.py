"""The Risk Assessment Matrix of a fiscal year: everyone reads it, HQ admins change it
(issue 5 item 1). The matrix is saved by `matrix_save`, the special levels as their own
setting for the same year; both audited by the history of `SettingValue`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.core.history import ACTIONS, _who
from crmplus.core.models import SettingValue, User
from crmplus.core.permissions import require_hq_admin
from crmplus.keyaccounts.views import fy_value
from crmplus.risk import selectors
from crmplus.risk.forms import form_errors_from
from crmplus.risk.forms_matrix import COMBINE_CHOICES, MatrixForm
from crmplus.risk.matrix_settings import (
    MATRIX_KEY,
    SPECIAL_LEVELS_KEY,
    matrix_for_fy,
    matrix_save,
    special_levels,
)
from crmplus.risk.models import RiskLevel
from crmplus.risk.scoring import AXES, AXIS_LABELS, MatrixRules
from crmplus.risk.selectors import LEVEL_CSS

KEY_LABELS = {MATRIX_KEY: "matrix", SPECIAL_LEVELS_KEY: "special"}


def special_levels_save(*, fy: int, levels: set[int], by: User, note: str = "") -> bool:
    """Make `levels` the special-risk levels from `fy` on (as `matrix_save` does the
    matrix); False when nothing changed."""
    require_hq_admin(by)
    value = sorted(levels, reverse=True)
    if special_levels(fy) == set(value):
        return False
    row, _created = SettingValue.objects.get_or_create(
        key=SPECIAL_LEVELS_KEY, effective_fy=fy, defaults={"value": value}
    )
    row.value, row.updated_by, row.note = value, by, (note or "")[:300]
    row.save()
    return True


def _source(key: str, fy: int) -> SettingValue | None:
    return (
        SettingValue.objects.filter(key=key, effective_fy__lte=fy)
        .select_related("updated_by")
        .order_by("-effective_fy")
        .first()
    )


def _history(limit: int = 100) -> list[dict]:
    records = (
        SettingValue.history.filter(key__in=KEY_LABELS)
        .select_related("history_user", "updated_by")
        .order_by("-history_date")[:limit]
    )
    return [
        {
            "when": r.history_date,
            "who": _who(r.history_user or r.updated_by),
            "action": str(ACTIONS.get(r.history_type, r.history_type)),
            "what": KEY_LABELS[r.key],
            "fy": r.effective_fy,
            "note": r.note,
        }
        for r in records
    ]


def _number(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"


def _tables(m: MatrixRules, special: set[int]) -> dict:
    en = get_language() == "en"
    level_names = dict(RiskLevel.choices)
    combine_names = dict(COMBINE_CHOICES)
    grid = m.grid()
    rows = []
    for p in range(len(grid), 0, -1):  # highest P first, as on the heat map
        point = m.probability_scale[p - 1]
        cells = [
            {"p": p, "i": i, "level": lvl, "css": LEVEL_CSS[lvl], "score": p * i}
            for i, lvl in enumerate(grid[p - 1], 1)
        ]
        rows.append({"p": p, "label": point.label_en if en else point.label_th, "cells": cells})
    axes = []
    for axis in AXES:
        factors = []
        for f in m.factors(axis):
            if f.kind == "yes_no":
                detail = [(_("yes"), f.yes_score), (_("no"), f.no_score)]
            elif f.kind == "choice":
                detail = [(o.label_en if en else o.label_th, o.score) for o in f.options]
            else:
                unit = f.unit_en if en else f.unit_th
                detail = [(f"≥ {_number(b)} {unit}".strip(), s) for b, s in f.bands]
            factors.append({"f": f, "label": f.label_en if en else f.label_th, "detail": detail})
        combine = getattr(m, f"{axis}_combine")
        axes.append(
            {
                "axis": axis,
                "label": AXIS_LABELS[axis][0 if en else 1],
                "scale": m.scale(axis),
                "factors": factors,
                "combine": combine_names.get(combine, combine),
            }
        )
    bands = []
    for n, (bound, lvl) in enumerate(m.score_bands):
        top = m.score_bands[n + 1][0] - 1 if n + 1 < len(m.score_bands) else None
        bands.append({"low": bound, "high": top, "level": level_names[lvl], "css": LEVEL_CSS[lvl]})
    return {
        "rows": rows,
        "impact_labels": [(s.value, s.label_en if en else s.label_th) for s in m.impact_scale],
        "axes": axes,
        "bands": bands,
        "level_table": m.level_table is not None,
        "special": [
            (lvl.value, lvl.label, LEVEL_CSS[lvl.value], lvl.value in special)
            for lvl in reversed(RiskLevel)
        ],
    }


@require_http_methods(["GET", "POST"])
def matrix(request: HttpRequest) -> HttpResponse:
    user = request.user
    fy = fy_value(request.GET.get("fy"), selectors.current_fy())
    in_force = matrix_for_fy(fy)
    special = special_levels(fy)
    form = None
    if user.is_hq_admin:
        data = request.POST if request.method == "POST" else None
        form = MatrixForm(data, prefix="m", matrix=in_force, special=special)
        if data is not None and form.is_valid():
            note = form.cleaned_data["note"]
            try:
                with transaction.atomic():
                    changed = matrix_save(fy=fy, matrix=form.matrix, by=user, note=note)
                    levels = set(form.cleaned_data["special_levels"])
                    changed |= special_levels_save(fy=fy, levels=levels, by=user, note=note)
            except ValidationError as e:
                form_errors_from(form, e, {})
            else:
                if changed:
                    messages.success(
                        request, _("The risk matrix is saved from FY%(fy)s.") % {"fy": fy}
                    )
                else:
                    messages.info(
                        request,
                        _("Nothing changed: this is already the matrix of FY%(fy)s.") % {"fy": fy},
                    )
                return redirect(f"{request.path}?fy={fy}")
    elif request.method == "POST":
        raise PermissionDenied(_("Only HQ admins can do this."))
    current = selectors.current_fy()
    return render(
        request,
        "risk/matrix.html",
        {
            "fy": fy,
            "years": sorted({current - 1, current, current + 1, fy}, reverse=True),
            "t": _tables(in_force, special),
            "matrix_source": _source(MATRIX_KEY, fy),
            "special_source": _source(SPECIAL_LEVELS_KEY, fy),
            "history": _history(),
            "form": form,
        },
    )
