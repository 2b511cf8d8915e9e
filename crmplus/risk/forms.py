"""Forms of the risk screens. They shape input; crmplus.risk.services holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.forms import office_choices
from crmplus.keyaccounts.forms import AreaChoiceField
from crmplus.risk.models import AssessmentStatus, RiskAssessment, RiskLevel
from crmplus.risk.scoring import AXES, Factor, MatrixRules
from crmplus.risk.selectors import DEFAULT_SORT, AssessmentFilters, scope_unit

YES, NO = "yes", "no"


def form_errors_from(form: forms.Form, error: ValidationError, aliases: dict[str, str]) -> None:
    """A service's ValidationError onto the form: per field when it names one."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


# -- list filters --------------------------------------------------------------------------


class AssessmentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("BP number or name"), "type": "search"}),
    )
    fy = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2401, max_value=2699)
    level = forms.TypedChoiceField(
        label=_("Risk level"),
        choices=[("", _("All levels")), *reversed(RiskLevel.choices)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *AssessmentStatus.choices],
        required=False,
    )
    area = AreaChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=OrgUnit.objects.none(), required=False
    )
    p = forms.IntegerField(required=False, min_value=1, max_value=10)
    i = forms.IntegerField(required=False, min_value=1, max_value=10)
    unit = forms.CharField(required=False, max_length=20)
    sort = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        units = OrgUnit.objects.for_user(user)
        self.fields["area"].queryset = units.filter(kind=OrgUnitKind.AREA).order_by("path")
        offices = units.filter(kind=OrgUnitKind.OFFICE)
        self.fields["office"].queryset = offices
        area = str(self.data.get("area") or "")
        self.office_options = office_choices(user, area if area.isdigit() else None)
        office = str(self.data.get("office") or "")
        if office.isdigit() and not self.office_options.filter(pk=office).exists():
            self.office_options = self.office_options | offices.filter(pk=office)

    def filters(self, default_fy: int | None = None) -> AssessmentFilters:
        # A bad field (a stale office, p=abc) is dropped; the other filters still apply.
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return AssessmentFilters(
            fy=d.get("fy") or default_fy,
            level=d.get("level"),
            status=d.get("status") or "",
            unit=scope_unit(self.user, d.get("unit")),
            area=d.get("area"),
            office=d.get("office"),
            p=d.get("p"),
            i=d.get("i"),
            q=d.get("q") or "",
            sort=d.get("sort") or DEFAULT_SORT,
        )


# -- the assessment ------------------------------------------------------------------------


def _label(f: Factor) -> str:
    return f.label_en if get_language() == "en" else f.label_th


def _unit(f: Factor) -> str:
    return f.unit_en if get_language() == "en" else f.unit_th


def _number_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class AssessmentForm(BootstrapMixin, forms.Form):
    """One field per factor of the year's matrix (named by the factor key), a note
    (`note_<key>`) and an evidence file (`file_<key>`) each."""

    def __init__(
        self,
        *args,
        rules: MatrixRules,
        current: RiskAssessment | None = None,
        file_types: list[str],
        max_mb: float,
        prefill: tuple[dict, dict] | None = None,
        **kwargs,
    ):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.groups: list[tuple[str, list[tuple[Factor, str, str, str]]]] = []
        accept = ",".join(f".{t.lower().lstrip('.')}" for t in file_types)
        values = current.values if current is not None else {}
        notes = current.notes if current is not None else {}
        if current is None and prefill is not None:
            values, notes = prefill  # what other apps know (crmplus.risk.prefill)
        for axis in AXES:
            rows = []
            for f in rules.factors(axis):
                self.fields[f.key] = self._value_field(f)
                if f.key in values:
                    self.initial[f.key] = self._initial(f, values[f.key])
                self.fields[f"note_{f.key}"] = forms.CharField(
                    label=_("Note / evidence"),
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 1}),
                )
                if f.key in notes:
                    self.initial[f"note_{f.key}"] = notes[f.key]
                self.fields[f"file_{f.key}"] = forms.FileField(
                    label=_("Evidence file"),
                    required=False,
                    widget=forms.ClearableFileInput(attrs={"accept": accept}),
                    help_text=_("%(types)s; at most %(mb)s MB")
                    % {"types": ", ".join(file_types), "mb": f"{max_mb:g}"},
                )
                rows.append((f, f.key, f"note_{f.key}", f"file_{f.key}"))
            self.groups.append((axis, rows))
        # The fields come after BootstrapMixin styled the (then empty) form: style them.
        for field in self.fields.values():
            w = field.widget
            css = (
                "form-check-input"
                if isinstance(w, forms.RadioSelect)
                else "form-select"
                if isinstance(w, forms.Select)
                else "form-control"
            )
            w.attrs["class"] = css

    @property
    def bound_groups(self) -> list[tuple[str, list[tuple[Factor, Any, Any, Any]]]]:
        """(axis, [(factor, value field, note field, file field)]) for the template."""
        return [
            (axis, [(f, self[v], self[n], self[fl]) for f, v, n, fl in rows])
            for axis, rows in self.groups
        ]

    @staticmethod
    def _value_field(f: Factor) -> forms.Field:
        label, required = _label(f), f.required
        if f.kind == "yes_no":
            choices = [(YES, _("Yes")), (NO, _("No"))]
            if not required:
                choices.append(("", _("Not given")))
            return forms.ChoiceField(
                label=label, choices=choices, required=required, widget=forms.RadioSelect
            )
        if f.kind == "choice":
            en = get_language() == "en"
            options = [(str(o.score), o.label_en if en else o.label_th) for o in f.options]
            return forms.ChoiceField(label=label, choices=[("", "—"), *options], required=required)
        attrs = {"step": "any", "min": f"{f.minimum:g}", "inputmode": "decimal"}
        if f.maximum is not None:
            attrs["max"] = f"{f.maximum:g}"
        unit = _unit(f)
        # The engine reads and range-checks the number: its message names the factor.
        return forms.CharField(
            label=f"{label} ({unit})" if unit else label,
            required=required,
            max_length=40,
            widget=forms.NumberInput(attrs=attrs),
        )

    @staticmethod
    def _initial(f: Factor, value: Any) -> str:
        if f.kind == "yes_no":
            return YES if value else NO
        return _number_text(value)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for axis in AXES:
            for f in self.rules.factors(axis):
                raw = self.cleaned_data.get(f.key)
                if raw in (None, ""):
                    continue
                out[f.key] = (raw == YES) if f.kind == "yes_no" else raw
        return out

    def notes(self) -> dict[str, str]:
        return {
            f.key: self.cleaned_data.get(f"note_{f.key}") or ""
            for axis in AXES
            for f in self.rules.factors(axis)
            if (self.cleaned_data.get(f"note_{f.key}") or "").strip()
        }

    def attachments(self) -> dict[str, list]:
        return {
            f.key: [self.cleaned_data[f"file_{f.key}"]]
            for axis in AXES
            for f in self.rules.factors(axis)
            if self.cleaned_data.get(f"file_{f.key}")
        }

    def aliases(self) -> dict[str, str]:
        """Service error keys → form fields."""
        out = {"values": NON_FIELD_ERRORS, "fy": NON_FIELD_ERRORS, "office": NON_FIELD_ERRORS}
        for axis in AXES:
            for f in self.rules.factors(axis):
                out[f"notes.{f.key}"] = f"note_{f.key}"
                out[f"files.{f.key}"] = f"file_{f.key}"
        return out


# -- review ----------------------------------------------------------------------------------


class ConfirmForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("What to change"),
        required=False,  # the service requires it (one rule, one place)
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
