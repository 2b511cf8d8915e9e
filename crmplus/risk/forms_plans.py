"""Forms of the retention-plan screens. They shape input; crmplus.risk.services_plans
holds the rules (who, which assessment, which dates)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import OrgUnit, OrgUnitKind, Role, User
from crmplus.keyaccounts.forms import AreaChoiceField
from crmplus.risk.models_plans import ActionStatus, PlanStatus, RetentionPlan

NO_PLAN = "none"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanForm(BootstrapMixin, forms.Form):
    objective = forms.CharField(label=_("Objective"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def responsible_choices(plan: RetentionPlan):
    """People who can see the plan and write: home unit at or above the plan's owner."""
    units = [plan.owner, *plan.owner.ancestors()]
    roles = [Role.KAMR, Role.SENIOR_KAMR, Role.AREA_ADMIN, Role.HQ_ADMIN]
    return (
        User.objects.filter(is_active=True, home_unit__in=units, role__in=roles)
        .select_related("home_unit")
        .order_by("home_unit__path", "first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.get_role_display()}, {obj.home_unit.code})"


class ActionForm(BootstrapMixin, forms.Form):
    description = forms.CharField(
        label=pgettext_lazy("retention plan", "Action"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner = UserChoiceField(label=_("Responsible"), queryset=User.objects.none())
    # Required by the service (one rule, one place): the form only reads the date.
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, plan: RetentionPlan, user: User | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        qs = responsible_choices(plan)
        self.fields["owner"].queryset = qs
        unset = not self.is_bound and "owner" not in self.initial
        if user is not None and unset and qs.filter(pk=user.pk).exists():
            self.initial["owner"] = user.pk


class FollowUpForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("How the plan ended"),
        required=False,  # the service requires it
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    fy = forms.IntegerField(label=_("Fiscal year"), required=False, min_value=2401, max_value=2699)
    area = AreaChoiceField(label=_("Area"), queryset=OrgUnit.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Plan status"),
        choices=[("", _("All")), (NO_PLAN, _("No plan yet")), *PlanStatus.choices],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Only with overdue actions"), required=False)

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            OrgUnit.objects.for_user(user).filter(kind=OrgUnitKind.AREA).order_by("path")
        )

    def values(self) -> dict:
        self.is_valid()  # a bad field is dropped; the other filters still apply
        d = getattr(self, "cleaned_data", {})
        return {
            "q": d.get("q") or "",
            "fy": d.get("fy"),
            "area": d.get("area"),
            "status": d.get("status") or "",
            "overdue": bool(d.get("overdue")),
        }
