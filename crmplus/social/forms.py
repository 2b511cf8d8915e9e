"""Forms of the social inbox: filters, and the actions on one case."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from crmplus.social.models import CaseStatus, Category, Channel
from crmplus.social.selectors import SORTS, CaseFilters, scope_units

STATUS_CHOICES = [("active", _("Open (new or in progress)")), ("", _("All")), *CaseStatus.choices]
CATEGORY_CHOICES = [("", _("All categories")), ("none", _("Not categorised")), *Category.choices]
CHANNEL_CHOICES = [("", _("All channels")), *Channel.choices]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), choices=CHANNEL_CHOICES, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES, required=False)
    unit = forms.ModelChoiceField(label=_("Office / unit"), queryset=None, required=False)
    triage = forms.BooleanField(label=_("Triage queue only (unassigned)"), required=False)
    breached = forms.BooleanField(label=_("SLA breached"), required=False)
    sort = forms.CharField(required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope_units(user)

    def filters(self) -> CaseFilters:
        if not self.is_bound:
            return CaseFilters()
        if not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        status = self.data.get("status", "active")
        return CaseFilters(
            channel=data.get("channel") or "",
            status=status if status in dict(STATUS_CHOICES) else "active",
            category=data.get("category") or "",
            unit=data.get("unit"),
            triage=bool(data.get("triage")),
            breached=bool(data.get("breached")),
            q=data.get("q") or "",
            sort=data.get("sort") if data.get("sort") in SORTS else "-last",
        )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    canned = forms.BooleanField(required=False, widget=forms.HiddenInput)


class EraseForm(forms.Form):
    note = forms.CharField(
        label=_("Request (how and when the person asked)"), max_length=300,
        widget=forms.TextInput,
    )  # fmt: skip
    confirm = forms.BooleanField(label=_("I understand this cannot be undone."))
