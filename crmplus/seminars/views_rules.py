"""The seminar rules per fiscal year: caps, the executive level and the attendee rate
table (PEA's 2017 training regulation, two levels). Everyone reads; HQ admins change
them from a fiscal year on (crmplus.seminars.rules_settings.rules_save)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from crmplus.core.fiscal import fiscal_year
from crmplus.core.forms import BootstrapMixin
from crmplus.core.models import SettingValue
from crmplus.seminars import rules as r
from crmplus.seminars.models import Category
from crmplus.seminars.rules_settings import PREFIX, rules_for_fy, rules_save

RATED = [c for c in r.CATEGORIES if c not in (r.SPEAKER_FEE,)]


class RulesForm(BootstrapMixin, forms.Form):
    event_cap = forms.CharField(label=gettext_lazy("Cap per event (baht)"), max_length=20)
    hq_year_cap = forms.CharField(
        label=gettext_lazy("HQ cap per fiscal year (baht)"), max_length=20
    )
    executive_level = forms.IntegerField(
        label=gettext_lazy("Executive rate from staff level"), min_value=2, max_value=13
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for category in RATED:
            for level in r.LEVELS:
                self.fields[f"rate_{category}_{level}"] = forms.CharField(
                    required=False,
                    max_length=20,
                    widget=forms.TextInput(
                        attrs={"class": "form-control form-control-sm text-end"}
                    ),
                )

    def rules(self) -> dict:
        d = self.cleaned_data
        rates = {}
        for category in RATED:
            values = {lvl: (d.get(f"rate_{category}_{lvl}") or "").strip() for lvl in r.LEVELS}
            if any(values.values()):
                rates[category] = {lvl: v or "0" for lvl, v in values.items()}
        return {
            "event_cap": d["event_cap"],
            "hq_year_cap": d["hq_year_cap"],
            "executive_level": d["executive_level"],
            "rates": rates,
        }


def _initial(rules: r.SeminarRules) -> dict:
    initial = {
        "event_cap": rules.event_cap,
        "hq_year_cap": rules.hq_year_cap,
        "executive_level": rules.executive_level,
    }
    for category, by in rules.rates.rates.items():
        for level, rate in by.items():
            initial[f"rate_{category}_{level}"] = rate
    return initial


@require_http_methods(["GET", "POST"])
def rules_page(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("fy") or request.POST.get("fy") or ""
    current = fiscal_year(timezone.localdate())
    fy = int(raw) if raw.isdigit() and 2401 <= int(raw) <= 2699 else current
    rules = rules_for_fy(fy)
    can_edit = request.user.is_hq_admin
    form = RulesForm(request.POST or None, initial=_initial(rules))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only HQ admins can do this."))
        if form.is_valid():
            try:
                changed = rules_save(
                    fy=fy, rules=form.rules(), by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(
                    request,
                    _("%(n)s rule(s) changed from FY%(fy)s on.") % {"n": changed, "fy": fy},
                )
                return redirect(f"{request.path}?fy={fy}")
    labels = dict(Category.choices)
    rows = [
        {
            "category": c,
            "label": labels[c],
            "fields": [form[f"rate_{c}_{lvl}"] for lvl in r.LEVELS],
            "rates": [rules.rates.rates.get(c, {}).get(lvl) for lvl in r.LEVELS],
        }
        for c in RATED
    ]
    history = SettingValue.objects.filter(key__startswith=PREFIX).select_related("updated_by")
    return render(
        request,
        "seminars/rules.html",
        {
            "fy": fy,
            "years": list(range(current + 1, current - 6, -1)),
            "rules": rules,
            "form": form,
            "rows": rows,
            "can_edit": can_edit,
            "history": history.order_by("-effective_fy", "key")[:100],
        },
    )
