"""Forms of the key-account screens. They shape input; the services hold the rules."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crmplus.billing.models import BillingExtract
from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OfficeClass, OrgUnit, OrgUnitKind, User
from crmplus.core.scoping import unit_ids_for
from crmplus.customers.forms import office_choices
from crmplus.keyaccounts.models import SEGMENT_ORDER, OfficeResult, RunStatus, Segment, SelectionRun
from crmplus.keyaccounts.rules import (
    ATTRACTIVENESS_KEYS,
    OFFICE_CLASSES,
    SEGMENTS,
    STRENGTH_KEYS,
    SelectionRules,
)
from crmplus.keyaccounts.rules_settings import LABELS, rules_parse
from crmplus.keyaccounts.selectors import DEFAULT_CANDIDATE_SORT, extracts_for_runs

YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
AXES = {"attractiveness": ATTRACTIVENESS_KEYS, "strength": STRENGTH_KEYS}
DEFAULT_RULES = SelectionRules()


# ---------------------------------------------------------------------------
# Rules: labels, readable tables (rules page, run page) and the form

CRITERION_LABELS = {
    "gm": _("Pooled GM (baht)"),
    "gm_growth": _("GM growth (%)"),
    "demand_kw": _("Demand (kW)"),
    "satisfaction": _("Satisfaction (1–5)"),
    "risk_level": _("Risk level (1 low – 4 very high)"),
    "tenure_years": _("Tenure (years)"),
}
AXIS_LABELS = {"attractiveness": _("Attractiveness"), "strength": _("Relative strength")}
STRENGTH_SIDES = {"strong": _("strong side"), "weak": _("weak side")}
# A band bound this low means "any value" (the engine's stand-in for minus infinity).
ANY_VALUE = -1e15


@dataclass
class CriterionRow:
    key: str
    label: str
    weight: float
    bands: list[tuple[float | None, float]]  # (lower bound or None for "any", score)


@dataclass
class RulesTables:
    numbers: list[tuple[str, str, Any]]  # (name, label, value)
    axes: list[tuple[str, str, float, list[CriterionRow]]]  # name, label, cut-off, criteria
    segment_points: list[tuple[str, float]]
    supplement_classes: list[str]
    review_classes: list[str]
    strength_when_unknown: str
    # (label, effective FY) of the rules set by HQ; the others are the code defaults.
    overrides: list[tuple[str, int]] = field(default_factory=list)


def rules_tables(
    rules: SelectionRules, sources: dict[str, int | None] | None = None
) -> RulesTables:
    classes = dict(OfficeClass.choices)
    numbers = [
        (name, LABELS[name], getattr(rules, name))
        for name in (
            "ca_floor",
            "pooled_threshold",
            "office_minimum_points",
            "supplement_lower_points",
        )
    ]
    axes = []
    for name in ("attractiveness", "strength"):
        rows = [
            CriterionRow(
                c.key,
                str(CRITERION_LABELS.get(c.key, c.key)),
                c.weight,
                [(None if b <= ANY_VALUE else b, p) for b, p in c.bands],
            )
            for c in getattr(rules, name)
        ]
        axes.append((name, AXIS_LABELS[name], getattr(rules, f"{name}_cutoff"), rows))
    return RulesTables(
        numbers=numbers,
        axes=axes,
        segment_points=[(Segment(s).label, float(rules.segment_points[s])) for s in SEGMENT_ORDER],
        supplement_classes=[str(classes.get(c, c)) for c in rules.supplement_office_classes],
        review_classes=[str(classes.get(c, c)) for c in rules.review_office_classes],
        strength_when_unknown=str(
            STRENGTH_SIDES.get(rules.strength_when_unknown, rules.strength_when_unknown)
        ),
        overrides=[(str(LABELS[n]), fy) for n, fy in (sources or {}).items() if fy is not None],
    )


def number_text(value: float) -> str:
    """2000000.0 → "2000000", 3.5 → "3.5", -1e18 → "-1e+18": short and exact."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


# The defaults start some bands at -1e18 ("whatever the value"): shown and typed as "min".
MIN_WORD, MIN_BOUND = "min", -1e18
MIN_WORDS = {MIN_WORD, "any", "-inf", "−∞", "-∞"}


def bands_text(bands) -> str:
    def bound(b: float) -> str:
        return MIN_WORD if b <= ANY_VALUE else number_text(b)

    return "; ".join(f"{bound(b)}:{number_text(p)}" for b, p in bands)


def _number(text: str) -> float:
    value = float(text.replace(",", "").replace("_", "").replace(" ", ""))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


class NumberField(forms.FloatField):
    """A number as people type it: "1,500,000" and "1 500 000" are 1500000."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = number_text(value)
            return f"{int(text):,}" if text.lstrip("-").isdigit() else text
        return value

    def to_python(self, value: Any) -> float | None:
        if isinstance(value, str):
            value = value.replace(",", "").replace("_", "").replace(" ", "")
        number = super().to_python(value)
        if number is not None and not math.isfinite(number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class BandsField(forms.CharField):
    """Score bands written as "lower bound:score" pairs: "0:20; 2000000:40; 5000000:60"."""

    default_error_messages = {
        "format": _(
            "Write the bands as lower bound:score pairs separated by semicolons, "
            "e.g. 0:20; 2000000:40 (problem at “%(part)s”)."
        ),
        "score": _("A band's score lies between 0 and 100 (problem at “%(part)s”)."),
        "duplicate": _("Each lower bound may appear once (%(bound)s appears twice)."),
    }

    def to_python(self, value: Any) -> list[list[float]]:
        text = super().to_python(value)
        bands: list[list[float]] = []
        for part in (p.strip() for p in text.replace("\n", ";").split(";")):
            if not part:
                continue
            try:
                bound, score = part.split(":")
                low = MIN_BOUND if bound.strip().lower() in MIN_WORDS else _number(bound)
                pair = [low, _number(score)]
            except ValueError:
                raise ValidationError(
                    self.error_messages["format"], code="format", params={"part": part}
                ) from None
            if not 0 <= pair[1] <= 100:
                raise ValidationError(
                    self.error_messages["score"], code="score", params={"part": part}
                )
            bands.append(pair)
        bounds = [b for b, _p in bands]
        for bound in bounds:
            if bounds.count(bound) > 1:
                raise ValidationError(
                    self.error_messages["duplicate"],
                    code="duplicate",
                    params={"bound": number_text(bound)},
                )
        if not bands and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return sorted(bands)


class ClassesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=OfficeClass.choices, required=False, **kwargs)


class RulesForm(BootstrapMixin, forms.Form):
    """Every selection rule on one form: what-if drafts (run_new) and HQ's rules page."""

    ca_floor = NumberField(label=LABELS["ca_floor"], min_value=0)
    pooled_threshold = NumberField(label=LABELS["pooled_threshold"], min_value=0)
    attractiveness_cutoff = NumberField(
        label=LABELS["attractiveness_cutoff"], min_value=0, max_value=100
    )
    strength_cutoff = NumberField(label=LABELS["strength_cutoff"], min_value=0, max_value=100)
    strength_when_unknown = forms.ChoiceField(
        label=LABELS["strength_when_unknown"], choices=list(STRENGTH_SIDES.items())
    )
    office_minimum_points = NumberField(label=LABELS["office_minimum_points"], min_value=0)
    supplement_lower_points = NumberField(label=LABELS["supplement_lower_points"], min_value=0)
    supplement_office_classes = ClassesField(label=LABELS["supplement_office_classes"])
    review_office_classes = ClassesField(label=LABELS["review_office_classes"])

    NUMBER_FIELDS = (
        "ca_floor",
        "pooled_threshold",
        "attractiveness_cutoff",
        "strength_cutoff",
        "office_minimum_points",
        "supplement_lower_points",
    )

    def __init__(self, *args, rules: SelectionRules, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("initial", self.initial_from(rules))
        super().__init__(*args, **kwargs)
        self.base_rules = rules
        for segment in SEGMENTS:
            self.fields[f"points_{segment}"] = NumberField(
                label=Segment(segment).label, min_value=0
            )
        # Criteria in the order the rules in force list them, then any missing one.
        self.criteria: dict[str, list[str]] = {}
        for axis, keys in AXES.items():
            present = [c.key for c in getattr(rules, axis)]
            self.criteria[axis] = present + [k for k in keys if k not in present]
            for key in self.criteria[axis]:
                label = CRITERION_LABELS[key]
                self.fields[f"{axis}_{key}_weight"] = NumberField(
                    label=_("Weight of %(c)s") % {"c": label}, min_value=0
                )
                self.fields[f"{axis}_{key}_bands"] = BandsField(
                    label=_("Score bands of %(c)s") % {"c": label},
                    widget=forms.TextInput(attrs={"spellcheck": "false"}),
                )
        for name in ("supplement_office_classes", "review_office_classes"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        # BootstrapMixin ran before the dynamic fields existed.
        for f in self.fields.values():
            if "class" not in f.widget.attrs:
                css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
                f.widget.attrs["class"] = css

    @staticmethod
    def initial_from(rules: SelectionRules) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(rules, name) for name in RulesForm.NUMBER_FIELDS}
        data["strength_when_unknown"] = rules.strength_when_unknown
        data["supplement_office_classes"] = list(rules.supplement_office_classes)
        data["review_office_classes"] = list(rules.review_office_classes)
        for segment in SEGMENTS:
            data[f"points_{segment}"] = rules.segment_points.get(segment, 0)
        defaults = {c.key: c for axis in AXES for c in getattr(DEFAULT_RULES, axis)}
        for axis in AXES:
            present = {c.key: c for c in getattr(rules, axis)}
            for key in AXES[axis]:
                criterion = present.get(key)
                data[f"{axis}_{key}_weight"] = criterion.weight if criterion else 0
                data[f"{axis}_{key}_bands"] = bands_text((criterion or defaults[key]).bands)
        return data

    def axis_rows(self):
        """(axis label, cut-off field, [(criterion label, weight field, bands field)])."""
        out = []
        for axis, keys in self.criteria.items():
            rows = [
                (CRITERION_LABELS[k], self[f"{axis}_{k}_weight"], self[f"{axis}_{k}_bands"])
                for k in keys
            ]
            out.append((AXIS_LABELS[axis], self[f"{axis}_cutoff"], rows))
        return out

    def points_fields(self):
        return [self[f"points_{s}"] for s in SEGMENTS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        raw: dict[str, Any] = {name: data[name] for name in self.NUMBER_FIELDS}
        raw["strength_when_unknown"] = data["strength_when_unknown"]
        raw["segment_points"] = {s: data[f"points_{s}"] for s in SEGMENTS}
        for name in ("supplement_office_classes", "review_office_classes"):
            raw[name] = [c for c in OFFICE_CLASSES if c in data[name]]
        for axis, keys in self.criteria.items():
            present = {c.key for c in getattr(self.base_rules, axis)}
            raw[axis] = [
                {
                    "key": k,
                    "weight": data[f"{axis}_{k}_weight"],
                    "bands": data[f"{axis}_{k}_bands"],
                }
                for k in keys
                # A criterion the rules never had stays out unless it is given a weight.
                if k in present or data[f"{axis}_{k}_weight"] > 0
            ]
        self.rules = rules_parse(raw)
        return data


class RulesSaveForm(RulesForm):
    note = forms.CharField(label=_("Note (why the rules change)"), max_length=300, required=False)


# ---------------------------------------------------------------------------
# Runs


class ExtractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BillingExtract) -> str:
        rows = getattr(obj, "rows", None)
        size = f", {rows:,}" if isinstance(rows, int) else ""
        return f"{obj.name} (FY{obj.fy}{size})"


class RunChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SelectionRun) -> str:
        draft = " · " + str(_("what-if draft")) if obj.is_draft else ""
        return f"#{obj.pk} FY{obj.fy} · {obj.rules_source}{draft}"


class RunForm(BootstrapMixin, forms.Form):
    MODES = [
        ("rules", _("The rules in force for the fiscal year")),
        ("draft", _("What-if draft: try other rules")),
    ]
    fy = forms.IntegerField(
        label=_("Key-account fiscal year (B.E.)"), help_text=_("For example 2570.")
    )
    extract = ExtractChoiceField(label=_("Billing extract"), queryset=BillingExtract.objects.none())
    mode = forms.ChoiceField(label=_("Rules"), choices=MODES, widget=forms.RadioSelect)
    compare_to = RunChoiceField(
        label=_("Compare with"),
        queryset=SelectionRun.objects.none(),
        required=False,
        empty_label=_("(no comparison)"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["extract"].queryset = extracts_for_runs(user)
        self.fields["compare_to"].queryset = SelectionRun.objects.for_user(user).filter(
            status=RunStatus.DONE
        )
        self.fields["mode"].widget.attrs["class"] = "form-check-input"


# ---------------------------------------------------------------------------
# Lists and filters


def area_choices(user: User):
    """The areas in scope, and HQ for users who see HQ's own list."""
    kinds = [OrgUnitKind.AREA]
    if unit_ids_for(user) is None:
        kinds.append(OrgUnitKind.HQ)
    return OrgUnit.objects.for_user(user).filter(kind__in=kinds).order_by("path")


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.code} {obj.name}"


class CandidateFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("BP number or name"), "type": "search"}),
    )
    area = AreaChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=OrgUnit.objects.none(), required=False
    )
    segment = forms.ChoiceField(
        label=_("Segment"), choices=[("", _("All segments")), *Segment.choices], required=False
    )
    supplement = forms.ChoiceField(label=_("Status (supplement)"), choices=YES_NO, required=False)
    overridden = forms.ChoiceField(label=_("Overridden"), choices=YES_NO, required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = area_choices(user)
        # Any office in scope filters (an office page links here with ?office= alone);
        # the drop-down offers the chosen area's offices, as on the customer list.
        offices = OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.OFFICE)
        self.fields["office"].queryset = offices
        area = str(self.data.get("area") or "")
        if area.isdigit() and OrgUnit.objects.filter(pk=area, kind=OrgUnitKind.HQ).exists():
            # HQ's accounts sit in offices all over the country: filter by area only.
            self.office_options = offices.none()
        else:
            self.office_options = office_choices(user, area or None)
        office = str(self.data.get("office") or "")
        if office.isdigit() and not self.office_options.filter(pk=office).exists():
            self.office_options = self.office_options | offices.filter(pk=office)

    @property
    def sort_value(self) -> str:
        return self.data.get("sort") or DEFAULT_CANDIDATE_SORT


class OfficeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *OfficeResult.Status.choices],
        required=False,
    )
    area = AreaChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.AREA)


class OverrideForm(BootstrapMixin, forms.Form):
    segment = forms.ChoiceField(label=_("Segment"), choices=Segment.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,  # the service requires it for a change (one rule, one place)
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the segment differs from the computed one."),
    )


class SubmitForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment for the approver"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
