"""Forms of the seminar screens. They shape input; crmplus.seminars.services holds the
rules (caps, rates, scope, who may do what)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, User
from crmplus.seminars import selectors
from crmplus.seminars.models import Category, EventStatus, EventType, Rsvp


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{obj.code} {obj.name}"


def errors_onto(form: forms.Form, error, aliases: dict[str, str] | None = None) -> None:
    """A service's ValidationError onto the form: per field when it names one."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    fy = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2401, max_value=2699)
    area = UnitChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *EventType.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *EventStatus.choices], required=False
    )
    sort = forms.ChoiceField(
        choices=[(k, k) for k in selectors.SORTS], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = OrgUnit.objects.filter(
            pk__in=[a.pk for a in selectors.areas_for(user)]
        ).order_by("code")

    def filters(self) -> selectors.EventFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.EventFilters(
            fy=data.get("fy"),
            area=data.get("area"),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            q=(data.get("q") or "").strip().replace("\x00", ""),
            sort=data.get("sort") or "",
        )


class EventForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    unit = UnitChoiceField(label=_("Organising unit"), queryset=OrgUnit.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    # Not the budget category "Venue" (the Thai catalogue has it as the venue *cost*).
    venue = forms.CharField(label=capfirst(_("venue")), max_length=300, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Programme of the day(s), external speakers and their topics."),
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(
            pk__in=[u.pk for u in selectors.units_for(user)]
        ).order_by("path")
        if not self.is_bound and "unit" not in self.initial and user.home_unit_id:
            self.initial["unit"] = user.home_unit_id


class LineForm(BootstrapMixin, forms.Form):
    """A budget line as typed; amounts stay text so the service says what is wrong."""

    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    attendees_executive = forms.CharField(
        label=_("Executive attendees"), required=False, max_length=7,
        help_text=_("Staff level 8 and up, or equivalent."),
    )  # fmt: skip
    attendees_operational = forms.CharField(
        label=_("Operational attendees"), required=False, max_length=7,
        help_text=_("Staff levels 1–7, or equivalent."),
    )  # fmt: skip
    days = forms.CharField(label=_("Days"), required=False, max_length=4)
    planned_amount = forms.CharField(
        label=_("Planned (baht)"), required=False, max_length=20,
        help_text=_("Empty for an attendee cost: the regulation amount."),
    )  # fmt: skip
    actual_amount = forms.CharField(label=_("Actual (baht)"), required=False, max_length=20)
    justification = forms.CharField(
        label=_("Justification"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("attendees_executive", "attendees_operational", "days"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        for name in ("planned_amount", "actual_amount"):
            self.fields[name].widget.attrs["inputmode"] = "decimal"


class ActualForm(BootstrapMixin, forms.Form):
    actual_amount = forms.CharField(label=_("Actual (baht)"), max_length=20)
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("PDF, JPG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class ExceptionForm(BootstrapMixin, forms.Form):
    justification = forms.CharField(
        label=_("Justification"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StaffForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.IntegerField(label=_("Staff level"), min_value=1, max_value=13)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # as the other forms: no trailing colon
        super().__init__(*args, **kwargs)


class RsvpForm(forms.Form):
    rsvp = forms.ChoiceField(choices=Rsvp.choices)
