from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crmplus.core.extensions import customer_tabs
from crmplus.core.history import history_entries
from crmplus.core.permissions import require_write
from crmplus.customers import selectors, services
from crmplus.customers.forms import (
    BusinessPartnerForm,
    ContactForm,
    ContractAccountForm,
    CustomerFilterForm,
    office_choices,
)
from crmplus.customers.models import (
    BusinessPartner,
    Contact,
    ContractAccount,
    PersonalDataAccess,
)
from crmplus.keyaccounts.selectors import key_account_status
from crmplus.risk.selectors import customer_risk

CA_PAGE_SIZE = 50


def _filters_from(form: CustomerFilterForm) -> selectors.CustomerFilters:
    # A stale field (an office of another area) is dropped; the other filters still apply.
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return selectors.CustomerFilters(
        q=data.get("q") or "",
        area=data.get("area"),
        office=data.get("office"),
        tariff=data.get("tariff") or "",
        sort=form.data.get("sort") or selectors.DEFAULT_SORT,
    )


def customer_list(request: HttpRequest) -> HttpResponse:
    form = CustomerFilterForm(request.GET or None, user=request.user)
    filters = _filters_from(form)
    qs = selectors.customer_list(user=request.user, filters=filters)
    page = Paginator(qs, settings.CRMPLUS_PAGE_SIZE).get_page(request.GET.get("page"))
    totals = selectors.account_totals([bp.pk for bp in page.object_list])
    rows = [(bp, totals.get(bp.pk, {"n": 0, "kw": 0})) for bp in page.object_list]
    context = {"form": form, "page": page, "rows": rows, "sort": filters.sort}
    if request.htmx and request.htmx.target == "customer-results":
        return render(request, "customers/_list_results.html", context)
    return render(request, "customers/list.html", context)


def office_options(request: HttpRequest) -> HttpResponse:
    """The office <option>s for the chosen area (htmx, on the list's area filter)."""
    offices = office_choices(request.user, request.GET.get("area"))
    return render(request, "customers/_office_options.html", {"offices": offices})


def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bp = get_object_or_404(
        BusinessPartner.objects.for_user(request.user).select_related(
            "home_office", "industrial_estate"
        ),
        pk=pk,
    )
    # A chain store or a water authority can hold thousands of CAs: page them.
    accounts = Paginator(
        bp.accounts.select_related("office").order_by("ca_number"), CA_PAGE_SIZE
    ).get_page(request.GET.get("ca_page"))
    contacts = list(bp.contacts.all())
    if contacts:
        services.personal_data_access_log(
            by=request.user, contacts=contacts, action=PersonalDataAccess.Action.VIEW
        )
    key_accounts = key_account_status(bp, request.user)
    risk = customer_risk(bp, request.user)
    return render(
        request,
        "customers/detail.html",
        {
            "bp": bp,
            "accounts": accounts,
            "contacts": contacts,
            "key_accounts": key_accounts,
            "risk": risk,
            "extra_tabs": customer_tabs(),
        },
    )


def customer_history(request: HttpRequest, pk: int) -> HttpResponse:
    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=pk)
    entries = history_entries(
        BusinessPartner.history.filter(id=bp.pk),
        ContractAccount.history.filter(bp_id=bp.pk),
        Contact.history.filter(bp_id=bp.pk),
    )
    return render(request, "customers/_history.html", {"bp": bp, "entries": entries})


def _save_form(request, form, save) -> bool:
    """Validate a form, then run the service; a ValidationError lands on the form."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as e:
        if hasattr(e, "error_dict"):
            for field, errs in e.error_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            form.add_error(None, e)
        return False
    return True


@require_http_methods(["GET", "POST"])
def customer_create(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    form = BusinessPartnerForm(request.POST or None, user=request.user)
    created = {}
    if request.method == "POST" and _save_form(
        request, form, lambda d: created.setdefault("bp", services.bp_create(by=request.user, **d))
    ):
        messages.success(request, _("Customer created."))
        return redirect(created["bp"])
    return render(request, "customers/form.html", {"form": form, "title": _("New customer")})


@require_http_methods(["GET", "POST"])
def customer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_write(request.user)
    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=pk)
    form = BusinessPartnerForm(request.POST or None, instance=bp, user=request.user)
    if request.method == "POST" and _save_form(
        request,
        form,
        lambda d: services.bp_update(
            bp=BusinessPartner.objects.get(pk=bp.pk),
            by=request.user,
            **{k: v for k, v in d.items() if k != "bp_number"},
        ),
    ):
        messages.success(request, _("Customer saved."))
        return redirect(bp)
    return render(
        request, "customers/form.html", {"form": form, "bp": bp, "title": _("Edit customer")}
    )


@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int, ca_pk: int | None = None) -> HttpResponse:
    require_write(request.user)
    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=pk)
    ca = None
    if ca_pk is not None:
        ca = get_object_or_404(ContractAccount.objects.for_user(request.user), pk=ca_pk, bp=bp)
    form = ContractAccountForm(request.POST or None, instance=ca, user=request.user)

    def save(d):
        if ca is None:
            services.ca_create(by=request.user, bp=bp, **d)
        else:
            fresh = ContractAccount.objects.get(pk=ca.pk)
            services.ca_update(
                ca=fresh, by=request.user, **{k: v for k, v in d.items() if k != "ca_number"}
            )

    if request.method == "POST" and _save_form(request, form, save):
        messages.success(request, _("Contract account saved."))
        return redirect(bp)
    title = _("New contract account") if ca is None else _("Edit contract account")
    return render(request, "customers/form.html", {"form": form, "bp": bp, "title": title})


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    require_write(request.user)
    bp = get_object_or_404(BusinessPartner.objects.for_user(request.user), pk=pk)
    contact = None
    if contact_pk is not None:
        contact = get_object_or_404(Contact.objects.for_user(request.user), pk=contact_pk, bp=bp)
    form = ContactForm(request.POST or None, instance=contact)

    def save(d):
        if contact is None:
            services.contact_create(bp=bp, by=request.user, **d)
        else:
            services.contact_update(
                contact=Contact.objects.get(pk=contact.pk), by=request.user, **d
            )

    if request.method == "POST" and _save_form(request, form, save):
        messages.success(request, _("Contact saved."))
        return redirect(bp.get_absolute_url() + "?tab=contacts")
    title = _("New contact") if contact is None else _("Edit contact")
    return render(request, "customers/form.html", {"form": form, "bp": bp, "title": title})
