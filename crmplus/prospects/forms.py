"""Forms of the new-customer pipeline; the rules live in crmplus.prospects.services."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.customers.forms import office_choices
from crmplus.customers.models import IndustrialEstate, TariffClass
from crmplus.prospects.models import CompetitionAlternative, Prospect, ProspectSource
from crmplus.prospects.rules import PipelineRules
from crmplus.prospects.selectors import SORTS, ProspectFilters
from crmplus.prospects.services import MANAGERS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def errors_onto(form: forms.Form, error: ValidationError, aliases: dict | None = None) -> None:
    """A service's ValidationError onto the form: known fields get their message, the
    rest goes to the top of the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errs in error.error_dict.items():
        name = aliases.get(name, name)
        target = name if name in form.fields else None
        for e in errs:
            form.add_error(target, e.messages if name != NON_FIELD_ERRORS else e)


def _offices(user: User):
    return OrgUnit.objects.for_user(user).filter(
        kind__in=[OrgUnitKind.OFFICE, OrgUnitKind.AREA], is_active=True
    )


class ProspectForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Prospect
        fields = [
            "company_name",
            "company_name_en",
            "tax_id",
            "sector",
            "source",
            "reference",
            "office",
            "responsible",
            "province",
            "industrial_estate",
            "address",
            "contact_person",
            "expected_load_kw",
            "expected_load_mva",
            "tariff_expected",
            "expected_connection_date",
            "expected_gm",
            "probability",
            "next_action",
            "next_action_date",
            "notes",
        ]
        widgets = {
            "expected_connection_date": DateInput(),
            "next_action_date": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices(user).order_by("path")
        self.fields["office"].label_from_instance = lambda u: f"{u.code} {u.name}"
        staff = User.objects.filter(is_active=True, role__in=MANAGERS)
        if not (user.home_unit_id and user.home_unit.is_hq):
            area = user.home_unit.area() if user.home_unit_id else None
            base = area.path if area else user.home_unit.path
            staff = staff.filter(home_unit__path__startswith=base)
        self.fields["responsible"].queryset = staff.order_by("username")
        self.fields["responsible"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        self.fields["industrial_estate"].queryset = IndustrialEstate.objects.select_related(
            "area"
        ).order_by("name_th")
        self.fields["probability"].required = False
        self.fields["probability"].help_text = _("Empty: the stage's default probability.")
        self.fields["expected_load_mva"].help_text = _("As stated in the connection request.")
        if self.instance.pk is None and not self.is_bound:
            self.initial["probability"] = None
            home = user.home_unit if user.home_unit_id else None
            if home is not None and home.kind in (OrgUnitKind.OFFICE, OrgUnitKind.AREA):
                self.initial.setdefault("office", home.pk)
            if user.role in MANAGERS:
                self.initial.setdefault("responsible", user.pk)


class MoveForm(forms.Form):
    stage = forms.CharField(label=_("Stage"), max_length=30)
    note = forms.CharField(label=_("Reason / note"), required=False, max_length=500)
    connection_date = forms.DateField(label=_("Connection date"), required=False)
    probability = forms.IntegerField(
        label=_("Probability (%)"), required=False, min_value=0, max_value=100
    )


class ConvertForm(BootstrapMixin, forms.Form):
    bp_number = forms.CharField(label=_("BP number"), max_length=12)
    ca_number = forms.CharField(label=_("CA number"), max_length=12)
    name_th = forms.CharField(label=_("name (Thai)"), max_length=250)
    name_en = forms.CharField(label=_("name (English)"), max_length=250, required=False)
    tax_id = forms.CharField(label=_("tax ID"), max_length=13, required=False)
    office = forms.ModelChoiceField(label=_("Office"), queryset=OrgUnit.objects.none())
    tariff = forms.ChoiceField(label=_("tariff class"), choices=TariffClass.choices)
    is_tou = forms.BooleanField(label=_("TOU (time of use)"), required=False)
    contracted_demand_kw = forms.DecimalField(
        label=_("contracted demand (kW)"), max_digits=12, decimal_places=2, min_value=0
    )
    site_name = forms.CharField(label=_("site"), max_length=250, required=False)

    def __init__(self, *args, user: User, prospect: Prospect, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        offices = OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.OFFICE, is_active=True)
        if prospect.area_id:
            offices = offices.filter(path__startswith=prospect.area.path)
        self.fields["office"].queryset = offices.order_by("path")
        self.fields["office"].label_from_instance = lambda u: f"{u.code} {u.name}"
        if not self.is_bound:
            self.initial.update(
                {
                    "name_th": prospect.company_name,
                    "name_en": prospect.company_name_en,
                    "tax_id": prospect.tax_id,
                    "office": prospect.office
                    if prospect.office.kind == OrgUnitKind.OFFICE
                    else None,
                    "tariff": prospect.tariff_expected or TariffClass.LARGE_BUSINESS,
                    "contracted_demand_kw": prospect.expected_load_kw,
                    "site_name": prospect.company_name,
                }
            )


class CompetitionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CompetitionAlternative
        fields = [
            "kind",
            "provider",
            "capacity_mw",
            "offered_price",
            "discount_pct",
            "status",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]
STATUS = [("", _("All")), ("open", _("Open")), ("converted", _("Converted"))]


class ProspectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("Company, reference, province, estate"), "type": "search"}
        ),
    )
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    area = forms.ModelChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=OrgUnit.objects.none(), required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All sources")), *ProspectSource.choices], required=False
    )
    stalled = forms.ChoiceField(label=_("Stalled"), choices=YES_NO, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS, required=False)
    mine = forms.BooleanField(label=_("Mine only"), required=False)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, rules: PipelineRules, lang: str, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages"))] + [
            (s.key, s.label(lang)) for s in rules.stages
        ]
        self.fields["area"].queryset = (
            OrgUnit.objects.for_user(user)
            .filter(kind=OrgUnitKind.AREA, is_active=True)
            .order_by("code")
        )
        self.fields["office"].queryset = office_choices(user, self.data.get("area"))

    def filters(self) -> ProspectFilters:
        if not self.is_bound:
            return ProspectFilters()
        self.is_valid()  # a bad value drops that filter only: cleaned_data keeps the rest
        d = self.cleaned_data
        stalled = {"1": True, "0": False}.get(d.get("stalled") or "")
        sort = d.get("sort") or ""
        return ProspectFilters(
            q=d.get("q") or "",
            stage=d.get("stage") or "",
            area=d.get("area"),
            office=d.get("office"),
            source=d.get("source") or "",
            stalled=stalled,
            status=d.get("status") or "",
            mine=bool(d.get("mine")),
            sort=sort if sort in SORTS else ProspectFilters.sort,
        )


class PipelineSettingsForm(BootstrapMixin, forms.Form):
    fy = forms.IntegerField(label=_("Effective from fiscal year"), min_value=2500, max_value=2700)
    stages = forms.CharField(
        label=_("Stages (JSON)"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean_stages(self):
        raw = self.cleaned_data["stages"]
        try:
            data = json.loads(raw)
        except ValueError as e:
            raise ValidationError(_("This is not valid JSON: %(why)s") % {"why": e}) from None
        try:
            return PipelineRules.from_dict(data)
        except (ValueError, TypeError) as e:
            raise ValidationError(_("These stages cannot be used: %(why)s") % {"why": e}) from None
