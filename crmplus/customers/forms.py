from django import forms
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.models import (
    CONTACT_EDITABLE_FIELDS,
    BusinessPartner,
    Contact,
    ContractAccount,
    TariffClass,
)


class DateInput(forms.DateInput):
    input_type = "date"


def _scoped_units(user: User, kinds: list[str]):
    return OrgUnit.objects.for_user(user).filter(kind__in=kinds, is_active=True).order_by("path")


class BusinessPartnerForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BusinessPartner
        fields = [
            "bp_number",
            "name_th",
            "name_en",
            "tax_id",
            "business_type",
            "industrial_estate",
            "home_office",
            "address",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_office"].queryset = _scoped_units(
            user, [OrgUnitKind.OFFICE, OrgUnitKind.AREA, OrgUnitKind.HQ]
        )
        if self.instance.pk:
            self.fields["bp_number"].disabled = True


class ContractAccountForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ContractAccount
        fields = [
            "ca_number",
            "office",
            "tariff",
            "is_tou",
            "contracted_demand_kw",
            "status",
            "site_name",
        ]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _scoped_units(user, [OrgUnitKind.OFFICE])
        if self.instance.pk:
            self.fields["ca_number"].disabled = True


class ContactForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = list(CONTACT_EDITABLE_FIELDS)
        widgets = {"consent_date": DateInput(), "retention_until": DateInput()}


class CustomerFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Name, BP, CA or tax ID"), "type": "search"}
        ),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=OrgUnit.objects.none(), required=False
    )
    tariff = forms.ChoiceField(
        label=_("Tariff"), choices=[("", _("All tariffs")), *TariffClass.choices], required=False
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        areas = _scoped_units(user, [OrgUnitKind.AREA])
        self.fields["area"].queryset = areas
        self.fields["office"].queryset = office_choices(user, self.data.get("area"))


def office_choices(user: User, area_id: str | None):
    """Offices to filter by: those of the chosen area, or all in scope when the
    scope holds one area at most. HQ would otherwise get ~900 options on every page."""
    offices = _scoped_units(user, [OrgUnitKind.OFFICE])
    if area_id and str(area_id).isdigit():
        area = OrgUnit.objects.for_user(user).filter(pk=area_id).first()
        return offices.filter(path__startswith=area.path) if area else offices.none()
    if _scoped_units(user, [OrgUnitKind.AREA]).count() > 1:
        return offices.none()
    return offices
