from django import forms
from django.utils.translation import gettext_lazy as _

from crmplus.approvals.models import ApprovalStatus
from crmplus.core.forms import BootstrapMixin

TEXT_MAX = 5000


class ApproveForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the rejection.")},
    )


TABS = {
    "decide": _("To decide"),
    "mine": _("Submitted by me"),
    "all": _("All in my scope"),
}


class InboxFilterForm(forms.Form):
    """The inbox's query string; anything odd falls back to the defaults."""

    tab = forms.ChoiceField(choices=list(TABS.items()), required=False)
    status = forms.ChoiceField(
        choices=[("", _("All statuses")), *ApprovalStatus.choices], required=False
    )
