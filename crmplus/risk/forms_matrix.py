"""HQ's form for the Risk Assessment Matrix of a fiscal year (issue 5 item 1).

The simple fields (combine method per axis, the three score-band bounds, the special
levels) sit on top of an "advanced" textarea holding the whole matrix as JSON. On
save the JSON is read first; a simple field the user changed then replaces its part.
A simple field left as it was does not, so an edit made only in the JSON (or a matrix
with bands the three fields cannot express) is kept.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.risk.matrix_settings import matrix_parse
from crmplus.risk.models import RiskLevel
from crmplus.risk.scoring import AXES, MatrixRules

COMBINE_CHOICES = [
    ("max", _("Highest factor score")),
    ("weighted_mean", _("Weighted mean of the factor scores")),
]
BAND_FIELDS = (("band_medium", 2), ("band_high", 3), ("band_very_high", 4))


def band_bounds(matrix: MatrixRules) -> dict[str, int | None]:
    """The lowest score reaching medium, high and very high (None: no band for it)."""
    out: dict[str, int | None] = {}
    for name, level in BAND_FIELDS:
        out[name] = next((b for b, lvl in matrix.score_bands if lvl == level), None)
    return out


def matrix_json(matrix: MatrixRules) -> str:
    return json.dumps(matrix.to_dict(), ensure_ascii=False, indent=2)


class MatrixForm(BootstrapMixin, forms.Form):
    probability_combine = forms.ChoiceField(
        label=_("Probability: how factor scores combine"), choices=COMBINE_CHOICES
    )
    impact_combine = forms.ChoiceField(
        label=_("Impact: how factor scores combine"), choices=COMBINE_CHOICES
    )
    band_medium = forms.IntegerField(
        label=_("Lowest score (P × I) for medium"), min_value=2, max_value=25
    )
    band_high = forms.IntegerField(
        label=_("Lowest score (P × I) for high"), min_value=2, max_value=25
    )
    band_very_high = forms.IntegerField(
        label=_("Lowest score (P × I) for very high"), min_value=2, max_value=25
    )
    special_levels = forms.TypedMultipleChoiceField(
        label=_("Risk levels that need a retention plan (special risk)"),
        choices=[(lvl.value, lvl.label) for lvl in reversed(RiskLevel)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note (why the change)"), max_length=300, required=False)
    advanced = forms.CharField(
        label=_("Whole matrix as JSON (advanced: factors, scales, level table)"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "font-monospace"}),
        help_text=_(
            "Edit the factors, the scales or the level table here. The fields above, when "
            "changed, replace their part of this JSON."
        ),
    )

    def __init__(self, *args, matrix: MatrixRules, special: set[int], **kwargs):
        kwargs.setdefault("label_suffix", "")
        initial = {
            "probability_combine": matrix.probability_combine,
            "impact_combine": matrix.impact_combine,
            **band_bounds(matrix),
            "special_levels": sorted(special, reverse=True),
            "advanced": matrix_json(matrix),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["special_levels"].widget.attrs["class"] = "form-check-input"
        self.matrix: MatrixRules | None = None

    def clean_advanced(self) -> dict[str, Any]:
        raw = self.cleaned_data["advanced"]
        try:
            data = json.loads(raw)
        except ValueError as e:
            raise ValidationError(
                _("This is not valid JSON: %(why)s"), params={"why": e}, code="json"
            ) from None
        if not isinstance(data, dict):
            raise ValidationError(_("The JSON must be one object { … }."), code="json")
        return data

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        bounds = [data.get(name) for name, _level in BAND_FIELDS]
        if all(b is not None for b in bounds) and not bounds[0] < bounds[1] < bounds[2]:
            self.add_error(
                "band_high",
                _("The lowest scores must go up: medium < high < very high (within 2–25)."),
            )
        if self.errors or "advanced" not in data:
            return data
        matrix = dict(data["advanced"])
        changed = set(self.changed_data)
        for axis in AXES:
            name = f"{axis}_combine"
            if name in changed or name not in matrix:
                matrix[name] = data[name]
        if changed & {name for name, _level in BAND_FIELDS}:
            matrix["score_bands"] = [
                [1, 1],
                *([b, lvl] for b, (_n, lvl) in zip(bounds, BAND_FIELDS, strict=True)),
            ]
        try:
            self.matrix = matrix_parse(matrix)
        except ValidationError as e:
            self.add_error("advanced", e)
        return data
