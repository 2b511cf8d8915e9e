from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crmplus.core.fiscal import fiscal_year, fiscal_year_choices

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class Styled:
    """Bootstrap classes on every widget."""

    def style(self) -> None:
        for field in self.fields.values():
            w = field.widget
            w.attrs["class"] = "form-select" if isinstance(w, forms.Select) else "form-control"


def fy_choices() -> list[tuple[int, str]]:
    return fiscal_year_choices(timezone.localdate(), back=8, ahead=0)


class SurveyUploadForm(Styled, forms.Form):
    fy = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, choices=[])
    file = forms.FileField(
        label=_("Survey file (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = fy_choices()
        self.fields["fy"].initial = fiscal_year(timezone.localdate())
        self.style()

    def clean_file(self):
        f = self.cleaned_data["file"]
        name = (f.name or "").lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB: split it."))
        return f


class SurveyRulesForm(Styled, forms.Form):
    fy = forms.TypedChoiceField(label=_("Effective from fiscal year"), coerce=int, choices=[])
    threshold = forms.DecimalField(
        label=_("Low satisfaction below"), min_value=1, max_value=5, decimal_places=2
    )
    due_days = forms.IntegerField(label=_("Days to follow up"), min_value=1, max_value=365)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = fiscal_year_choices(timezone.localdate(), back=8, ahead=1)
        self.style()


class FollowUpCloseForm(Styled, forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
