"""Read-only admin views: cases, identities and deliveries change through the services
(scope, SLA, PDPA erasure), never by hand."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from crmplus.social.models import Case, Erasure, Message, SocialIdentity, WebhookDelivery


class ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MessageInline(ReadOnly, admin.TabularInline):
    model = Message
    extra = 0
    fields = ["direction", "at", "text", "send_status", "attempts", "event_id"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["reference", "channel", "category", "status", "unit", "opened_at", "closed_at"]
    list_filter = ["channel", "status", "category"]
    search_fields = ["id", "identity__display_name", "ca__ca_number"]
    inlines = [MessageInline]


@admin.register(SocialIdentity)
class SocialIdentityAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["shown_name", "channel", "last_contact_at", "retention_until", "erased_at"]
    list_filter = ["channel"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["id", "channel", "received_at", "signature_ok", "status", "events_total"]
    list_filter = ["channel", "status", "signature_ok"]


@admin.register(Erasure)
class ErasureAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["identity", "trigger", "by", "at", "messages", "deliveries"]
