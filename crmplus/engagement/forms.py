"""Forms of the engagement screens. They shape input; the services hold the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, Role, User
from crmplus.customers.models import BusinessPartner
from crmplus.engagement.models import PlanStatus, TeleChannel, TeleKind, VisitMode, VisitStatus
from crmplus.engagement.rules_settings import objective_choices
from crmplus.workforce.models import Employee

MAX_EMPLOYEE_CHOICES = 500


def form_errors_from(form: forms.Form, error: ValidationError, aliases: dict | None = None) -> None:
    """A service's ValidationError onto the form: per field when it names one."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.name} ({obj.unit.code})"


class EmployeeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.name} ({obj.unit.code})"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


def employees_for(user: User):
    return (
        Employee.objects.for_user(user)
        .filter(is_active=True)
        .select_related("unit")
        .order_by("unit__path", "name_th")
    )


def people_who_see(unit: OrgUnit):
    """Active users who can write and whose scope holds `unit` (owners of follow-ups)."""
    ids = [u.pk for u in unit.ancestors()] + [unit.pk]
    return (
        User.objects.filter(home_unit_id__in=ids, is_active=True)
        .exclude(role__in=[Role.AUDITOR, Role.APPROVER])
        .order_by("first_name", "username")
    )


class BpNumberField(forms.CharField):
    """A customer typed as its BP number (a datalist suggests the user's customers)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Customer (BP number)"))
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"list": "bp-suggestions", "autocomplete": "off"})


def resolve_bp(form: forms.Form, user: User, field: str = "bp_number") -> BusinessPartner | None:
    raw = (form.cleaned_data.get(field) or "").strip()
    # "1234567890 · name" from the datalist: keep the number
    number = raw.split(" ", 1)[0]
    bp = BusinessPartner.objects.for_user(user).filter(bp_number=number).first()
    if bp is None:
        form.add_error(field, _("No customer with this BP number in your scope."))
    return bp


class VisitPlanForm(BootstrapMixin, forms.Form):
    bp_number = BpNumberField()
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Time"),
        initial=dt.time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), initial=60, min_value=15, max_value=720
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=VisitMode.choices, initial=VisitMode.ONSITE)
    objective_code = forms.ChoiceField(label=_("Objective"), choices=())
    objective = forms.CharField(
        label=_("Objective details"),
        required=False,
        max_length=500,
        help_text=_("Required when the objective is “Other”."),
    )
    kamr = EmployeeChoiceField(label=_("Responsible KAMR"), queryset=Employee.objects.none())
    staff = EmployeeMultipleChoiceField(
        label=_("Other staff"),
        queryset=Employee.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    location = forms.CharField(label=_("Place or meeting link"), required=False, max_length=300)

    def __init__(self, *args, user: User, fy: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective_code"].choices = [("", "—"), *objective_choices(fy)]
        employees = employees_for(user)
        self.fields["kamr"].queryset = employees
        self.fields["staff"].queryset = employees
        if employees.count() > MAX_EMPLOYEE_CHOICES:
            # Too many to list: keep the user's own unit (an HQ admin still types any).
            own = employees.filter(unit__path__startswith=user.home_unit.path)[:1]
            if own:
                self.fields["staff"].queryset = employees.filter(unit=own[0].unit)


class RescheduleForm(BootstrapMixin, forms.Form):
    date = forms.DateField(
        label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("New time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def starts_at(self) -> dt.datetime:
        d = self.cleaned_data
        return timezone.make_aware(dt.datetime.combine(d["date"], d["time"]))


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutcomeForm(BootstrapMixin, forms.Form):
    attendees_pea = forms.CharField(
        label=_("Attendees (PEA)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    attendees_customer = forms.CharField(
        label=_("Attendees (customer)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    topics = forms.CharField(label=_("Topics discussed"), widget=forms.Textarea(attrs={"rows": 3}))
    customer_needs = forms.CharField(
        label=_("Customer needs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome_note = forms.CharField(
        label=_("Outcome notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    distance_km = forms.DecimalField(
        label=_("Distance travelled (km, both ways)"),
        required=False,
        min_value=0,
        max_value=5000,
        decimal_places=1,
    )


class FollowUpForm(BootstrapMixin, forms.Form):
    description = forms.CharField(label=_("Follow-up action"), required=False, max_length=2000)
    owner = UserChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_who_see(unit)

    def values(self) -> dict | None:
        d = self.cleaned_data
        if not (d.get("description") or "").strip() and not d.get("due_date"):
            return None
        return {"description": d.get("description"), "owner": d.get("owner"),
                "due_date": d.get("due_date")}  # fmt: skip


class TeleCrmForm(BootstrapMixin, forms.Form):
    bp_number = BpNumberField()
    kind = forms.ChoiceField(label=_("Kind"), choices=TeleKind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=TeleChannel.choices)
    at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    contact_name = forms.CharField(label=_("Customer contact"), required=False, max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(BootstrapMixin, forms.Form):
    objectives = forms.CharField(
        label=_("Objectives"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.DecimalField(
        label=_("Budget (baht)"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )


class VisitFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), *VisitStatus.choices])
    mode = forms.ChoiceField(required=False, choices=[("", ""), *VisitMode.choices])
    unit = forms.IntegerField(required=False)
    mine = forms.BooleanField(required=False)
    kamr = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    sort = forms.CharField(required=False, max_length=20)


class TeleFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *TeleKind.choices])
    unit = forms.IntegerField(required=False)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    sort = forms.CharField(required=False, max_length=20)


class PlanFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    fy = forms.IntegerField(required=False, min_value=2401, max_value=2699)
    status = forms.ChoiceField(required=False, choices=[("", ""), *PlanStatus.choices])
    unit = forms.IntegerField(required=False)
    sort = forms.CharField(required=False, max_length=20)
