from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.core.models import ApiToken, OrgUnit, SettingValue, User


def _hq_admin_only(request) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or user.is_hq_admin)


# The Django admin is for HQ admins only, whatever Django's staff flag says.
admin.site.has_permission = _hq_admin_only


class HqAdminMixin:
    def has_module_permission(self, request):
        return _hq_admin_only(request)

    def has_view_permission(self, request, obj=None):
        return _hq_admin_only(request)

    def has_add_permission(self, request, *args):
        return _hq_admin_only(request)

    def has_change_permission(self, request, obj=None):
        return _hq_admin_only(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(OrgUnit)
class OrgUnitAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["code", "name_th", "name_en", "kind", "office_class", "is_active"]
    list_filter = ["kind", "office_class", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(User)
class UserAdmin(HqAdminMixin, BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "role", "home_unit", "is_active"]
    list_filter = ["role", "is_active", "language"]
    raw_id_fields = ["home_unit"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("CRM Plus", {"fields": ("role", "home_unit", "language", "employee_number", "phone")}),
    )


@admin.register(SettingValue)
class SettingValueAdmin(HqAdminMixin, SimpleHistoryAdmin):
    list_display = ["key", "effective_fy", "value", "updated_at"]
    search_fields = ["key"]


@admin.register(ApiToken)
class ApiTokenAdmin(HqAdminMixin, admin.ModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
