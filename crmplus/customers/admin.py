from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.core.admin import HqAdminMixin
from crmplus.customers.models import (
    BusinessPartner,
    Contact,
    ContractAccount,
    ImportJob,
    IndustrialEstate,
    PersonalDataAccess,
)


@admin.register(IndustrialEstate)
class IndustrialEstateAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name_th", "province_th", "area"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(BusinessPartner)
class BusinessPartnerAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["bp_number", "name_th", "tax_id", "business_type", "home_office"]
    search_fields = ["bp_number", "name_th", "name_en", "tax_id"]
    raw_id_fields = ["home_office", "industrial_estate"]


@admin.register(ContractAccount)
class ContractAccountAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["ca_number", "bp", "office", "tariff", "is_tou", "status"]
    search_fields = ["ca_number"]
    raw_id_fields = ["bp", "office"]


@admin.register(Contact)
class ContactAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "bp", "position", "lawful_basis", "retention_until"]
    raw_id_fields = ["bp"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(HqAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "action", "channel", "contact", "bp"]
    list_filter = ["action", "channel"]
    raw_id_fields = ["user", "contact", "bp"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(HqAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "user", "status", "total_rows", "error_count", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["user"]
