"""Keep CustomerScope in step with single saves (bulk writes refresh it themselves)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from crmplus.core.models import OrgUnit, org_unit_moved
from crmplus.customers.models import BusinessPartner, ContractAccount
from crmplus.customers.scope import customer_scope_rebuild, customer_scope_refresh


@receiver(post_save, sender=BusinessPartner)
def bp_saved(sender, instance: BusinessPartner, raw=False, **kwargs) -> None:
    if not raw:
        customer_scope_refresh([instance.pk])


@receiver(post_save, sender=ContractAccount)
@receiver(post_delete, sender=ContractAccount)
def ca_changed(sender, instance: ContractAccount, raw=False, **kwargs) -> None:
    if not raw and BusinessPartner.objects.filter(pk=instance.bp_id).exists():
        customer_scope_refresh([instance.bp_id])


@receiver(org_unit_moved, sender=OrgUnit)
def unit_moved(sender, unit: OrgUnit, **kwargs) -> None:
    customer_scope_rebuild()
