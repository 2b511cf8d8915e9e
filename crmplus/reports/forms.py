"""The process-calendar settings form: one row per deadline (HQ admins)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crmplus.reports.process_rules import MONTHLY, YEARLY

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
RULE_CHOICES = [(YEARLY, _("Once a year")), (MONTHLY, _("Every month"))]
RESPONSIBLE_CHOICES = [
    ("hq", _("HQ")),
    ("area", _("Each area")),
    ("office", _("Each office")),
    ("hq+area", _("HQ and each area")),
]


class DeadlineForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    detector = forms.CharField(widget=forms.HiddenInput, required=False)
    label_th = forms.CharField(label=_("Label (Thai)"), max_length=200)
    label_en = forms.CharField(label=_("Label (English)"), max_length=200, required=False)
    rule = forms.ChoiceField(label=_("Repeats"), choices=RULE_CHOICES)
    month = forms.TypedChoiceField(
        label=_("Month"), choices=[("", "—"), *MONTHS], coerce=int, required=False, empty_value=None
    )
    day = forms.IntegerField(
        label=_("Day"), min_value=0, max_value=31, help_text=_("0 = the last day of the month")
    )
    offset_months = forms.IntegerField(label=_("Months later"), min_value=0, max_value=3, initial=0)
    responsible = forms.ChoiceField(label=_("Responsible"), choices=RESPONSIBLE_CHOICES)
    remind_days = forms.IntegerField(label=_("Remind days before"), min_value=0, max_value=120)
    enabled = forms.BooleanField(label=_("In use"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs["class"] = "form-check-input"
            elif isinstance(w, forms.Select):
                w.attrs["class"] = "form-select form-select-sm"
            elif not isinstance(w, forms.HiddenInput):
                w.attrs["class"] = "form-control form-control-sm"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("rule") == YEARLY and not data.get("month"):
            self.add_error("month", _("A yearly deadline needs its month."))
        return data

    def deadline_data(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["offset_months"] = d.get("offset_months") or 0
        return d


DeadlineFormSet = forms.formset_factory(DeadlineForm, extra=0, can_delete=False)
