"""Forms of the workforce screens. They shape input; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, OrgUnitKind, User
from crmplus.workforce.models import (
    AppointmentRole,
    AppointmentStatus,
    Course,
    CourseKind,
    Employee,
    LedgerStatus,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def form_errors_from(form: forms.Form, error: ValidationError, aliases: dict | None = None) -> None:
    """A service's ValidationError onto the form: per field when it names one."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.code} {obj.name}"


class EmployeeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.employee_number} {obj.name} ({obj.unit.code})"


def scoped_units(user: User, kinds=None):
    qs = OrgUnit.objects.for_user(user).filter(is_active=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("path")


class EmployeeForm(BootstrapMixin, forms.Form):
    employee_number = forms.CharField(label=_("employee number"), max_length=20)
    name_th = forms.CharField(label=_("name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    position_level = forms.IntegerField(label=_("position level"), min_value=1, max_value=13)
    unit = UnitChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())
    phone = forms.CharField(label=_("phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("e-mail"), required=False)
    user = forms.ModelChoiceField(
        label=_("user account"), queryset=User.objects.none(), required=False
    )
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args, user: User, employee: Employee | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user)
        taken = Employee.objects.filter(user__isnull=False)
        if employee is not None:
            taken = taken.exclude(pk=employee.pk)
        self.fields["user"].queryset = (
            User.objects.for_user(user)
            .filter(is_active=True)
            .exclude(pk__in=taken.values("user_id"))
            .order_by("username")
        )


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = UnitChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *AppointmentRole.choices, ("none", _("No appointment"))],
    )
    level = forms.IntegerField(label=_("position level"), required=False, min_value=1, max_value=13)
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("yes", _("Active")), ("no", _("Inactive")), ("all", _("All"))],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(
            user, [OrgUnitKind.HQ, OrgUnitKind.REGION, OrgUnitKind.AREA]
        )

    def values(self) -> dict:
        if not self.is_valid():
            data = {k: self.cleaned_data.get(k) for k in self.fields if k not in self.errors}
        else:
            data = dict(self.cleaned_data)
        return {
            "q": (data.get("q") or "").strip(),
            "unit": data.get("unit"),
            "role": data.get("role") or "",
            "level": data.get("level"),
            "active": data.get("active") or "yes",
        }


class AppointmentForm(BootstrapMixin, forms.Form):
    employee = EmployeeChoiceField(label=_("employee"), queryset=Employee.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=AppointmentRole.choices)
    unit = UnitChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())
    start = forms.DateField(label=_("start"), widget=DateInput())
    end = forms.DateField(label=_("end"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = (
            Employee.objects.for_user(user).filter(is_active=True).select_related("unit")
        )
        self.fields["unit"].queryset = scoped_units(
            user, [OrgUnitKind.HQ, OrgUnitKind.AREA, OrgUnitKind.OFFICE]
        )


class ReplaceForm(BootstrapMixin, forms.Form):
    employee = EmployeeChoiceField(label=_("successor"), queryset=Employee.objects.none())
    start = forms.DateField(label=_("start"), widget=DateInput())
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user: User, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Employee.objects.for_user(user).filter(is_active=True).select_related("unit")
        if exclude:
            qs = qs.exclude(pk=exclude)
        self.fields["employee"].queryset = qs


class EndForm(BootstrapMixin, forms.Form):
    end = forms.DateField(label=_("last day"), widget=DateInput())


class AppointmentFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(
        required=False, choices=[("", _("All statuses")), *AppointmentStatus.choices]
    )
    role = forms.ChoiceField(
        required=False, choices=[("", _("All roles")), *AppointmentRole.choices]
    )


class AssignForm(BootstrapMixin, forms.Form):
    employee = EmployeeChoiceField(label=_("responsible KAMR"), queryset=Employee.objects.none())
    backup = EmployeeChoiceField(
        label=_("backup KAMR"), queryset=Employee.objects.none(), required=False
    )
    start = forms.DateField(label=_("from"), widget=DateInput())
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = candidates
        self.fields["backup"].queryset = candidates


class ReassignForm(BootstrapMixin, forms.Form):
    to_employee = EmployeeChoiceField(label=_("hand over to"), queryset=Employee.objects.none())
    on = forms.DateField(label=_("from"), widget=DateInput())

    def __init__(self, *args, user: User, exclude: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_employee"].queryset = (
            Employee.objects.for_user(user)
            .filter(is_active=True)
            .exclude(pk=exclude)
            .select_related("unit")
        )


class CourseForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("code"), max_length=32)
    name_th = forms.CharField(label=_("name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=CourseKind.choices)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)


class SessionForm(BootstrapMixin, forms.Form):
    course = forms.ModelChoiceField(label=_("course"), queryset=Course.objects.none())
    unit = UnitChoiceField(label=_("organised by"), queryset=OrgUnit.objects.none())
    starts_on = forms.DateField(label=_("starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("ends"), widget=DateInput())
    location = forms.CharField(label=_("location"), max_length=200, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = Course.objects.filter(is_active=True)
        self.fields["unit"].queryset = scoped_units(
            user, [OrgUnitKind.HQ, OrgUnitKind.REGION, OrgUnitKind.AREA, OrgUnitKind.OFFICE]
        )


PASSED_CHOICES = [("", _("Not tested")), ("yes", _("Passed")), ("no", _("Not passed"))]


class RecordForm(BootstrapMixin, forms.Form):
    employee_number = forms.CharField(label=_("employee number"), max_length=20)
    attended_on = forms.DateField(label=_("attended"), widget=DateInput())
    passed = forms.ChoiceField(label=_("passed"), choices=PASSED_CHOICES, required=False)
    score = forms.DecimalField(
        label=_("score"), required=False, max_digits=5, decimal_places=2, min_value=0, max_value=100
    )


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("XLSX file"))


class LedgerBuildForm(BootstrapMixin, forms.Form):
    unit = UnitChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())
    month = forms.CharField(
        label=_("month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        units = scoped_units(user, [OrgUnitKind.HQ, OrgUnitKind.AREA])
        self.fields["unit"].queryset = units
        # An area admin pays for one area: start from it rather than an empty choice.
        if user.home_unit_id and units.filter(pk=user.home_unit_id).exists():
            self.fields["unit"].initial = user.home_unit_id

    def clean_month(self) -> str:
        import datetime as dt

        value = self.cleaned_data["month"].strip()
        try:
            dt.date.fromisoformat(value + "-01")
        except ValueError:
            raise ValidationError(_("Enter a month as YYYY-MM.")) from None
        return value


class LedgerFilterForm(forms.Form):
    unit = UnitChoiceField(required=False, queryset=OrgUnit.objects.none())
    status = forms.ChoiceField(
        required=False, choices=[("", _("All statuses")), *LedgerStatus.choices]
    )
    # A Buddhist-era year as everywhere else on screen; a Gregorian one is accepted too.
    year = forms.IntegerField(required=False, min_value=2000, max_value=2800)

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        return year - 543 if year and year > 2400 else year

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped_units(user, [OrgUnitKind.HQ, OrgUnitKind.AREA])
