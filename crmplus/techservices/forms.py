"""Forms of the technical-service screens. Rules live in the services; forms only read
input (the services raise the errors that land on these forms)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, Role, User
from crmplus.techservices.catalogue import Fms
from crmplus.techservices.models import PqKind, RequestStatus
from crmplus.techservices.report_data import Severity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def errors_onto(form: forms.Form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: on its field, else the whole form."""
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            name = field.split(".", 1)[0]
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, exc)


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Customer"), required=False, max_length=100)
    fy = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int)
    code = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("All services")), *Fms.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *RequestStatus.choices]
    )
    office = forms.ModelChoiceField(
        label=_("Office / area"), required=False, queryset=OrgUnit.objects.none()
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, user: User, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fy"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
        # Areas and offices in scope; a KAMR's scope is one office, HQ picks an area.
        units = OrgUnit.objects.for_user(user).filter(kind__in=["area", "office"])
        if user.home_unit_id and user.home_unit.is_hq:
            units = units.filter(kind="area")
        self.fields["office"].queryset = units.order_by("path")

    def values(self) -> dict:
        if not self.is_valid():
            return {
                "fy": None,
                "code": "",
                "status": "",
                "office": None,
                "q": "",
                "overdue": False,
                "sort": "",
            }
        d = self.cleaned_data
        return {
            "fy": d.get("fy") or None,
            "code": d.get("code") or "",
            "status": d.get("status") or "",
            "office": d.get("office"),
            "q": d.get("q") or "",
            "overdue": bool(d.get("overdue")),
            "sort": d.get("sort") or "",
        }


class RequestForm(BootstrapMixin, forms.Form):
    bp = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.ChoiceField(label=_("Service"), choices=Fms.choices)
    requested_on = forms.DateField(label=_("Requested on"), widget=DATE)
    ca = forms.ChoiceField(label=_("Contract account (optional)"), required=False, choices=[])
    contact_name = forms.CharField(label=_("Customer contact"), required=False, max_length=200)
    purpose = forms.CharField(
        label=_("What the customer asks for"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, cas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ca"].choices = [("", "—")] + [
            (str(ca.pk), f"{ca.ca_number} {ca.site_name or ''}".strip()) for ca in cas
        ]
        self.fields["requested_on"].initial = timezone.localdate()


class ScheduleForm(BootstrapMixin, forms.Form):
    scheduled_for = forms.DateField(label=_("Scheduled for"), widget=DATE)
    staff = forms.ModelChoiceField(
        label=_("Responsible staff"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, user: User, office: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        area = office.area() or office
        self.fields["staff"].queryset = (
            User.objects.for_user(user)
            .filter(is_active=True, home_unit__path__startswith=area.path)
            .filter(role__in=[Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN])
            .order_by("first_name", "username")
        )
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.username


class CompleteForm(BootstrapMixin, forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)


class AcknowledgeForm(BootstrapMixin, forms.Form):
    ack_name = forms.CharField(label=_("Acknowledged by (customer)"), max_length=200)
    ack_date = forms.DateField(label=_("Acknowledged on"), widget=DATE)


class CancelForm(BootstrapMixin, forms.Form):
    cancel_reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class SummaryForm(BootstrapMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary of the result and recommendations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    ambient_c = forms.DecimalField(
        label=_("Ambient temperature (°C)"), required=False, max_digits=6, decimal_places=1
    )
    peak_kw = forms.DecimalField(
        label=_("Peak demand (kW)"), required=False, max_digits=12, decimal_places=2
    )
    load_factor = forms.DecimalField(
        label=_("Load factor (%)"), required=False, max_digits=5, decimal_places=1
    )


class HotSpotForm(BootstrapMixin, forms.Form):
    location = forms.CharField(label=_("Location"), required=False, max_length=300)
    temperature_c = forms.DecimalField(
        label=_("Temperature (°C)"), required=False, max_digits=6, decimal_places=1
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", "—"), *Severity.choices]
    )


class FindingForm(BootstrapMixin, forms.Form):
    item = forms.CharField(label=_("Item inspected"), required=False, max_length=300)
    finding = forms.CharField(label=_("Finding"), required=False, max_length=5000)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", "—"), *Severity.choices]
    )
    action = forms.CharField(label=_("Recommended action"), required=False, max_length=5000)


HotSpotFormSet = forms.formset_factory(HotSpotForm, extra=3, max_num=200)
FindingFormSet = forms.formset_factory(FindingForm, extra=3, max_num=200)


def rows_from(formset) -> tuple[list[dict], list[int]]:
    """The filled rows of a formset (a row left blank is dropped), and the index of each
    row's form (so a service's error on "hot_spots.1.x" lands on the right form)."""
    rows, where = [], []
    for n, form in enumerate(formset.forms):
        data = {k: v for k, v in (form.cleaned_data or {}).items() if v not in (None, "")}
        if data:
            rows.append({k: str(v) if not isinstance(v, str) else v for k, v in data.items()})
            where.append(n)
    return rows, where


class ExceptionForm(BootstrapMixin, forms.Form):
    code = forms.ChoiceField(label=_("Service"), choices=Fms.choices)
    fy = forms.IntegerField(label=_("Fiscal year"), min_value=2400, max_value=2700)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class PqProblemForm(BootstrapMixin, forms.Form):
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind of problem"), choices=PqKind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
