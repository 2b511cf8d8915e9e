"""`{% load risk_plans %}`: the retention-plan boxes of the risk pages.

{% retention_plan_box a %}     on an assessment: its plan, or "a retention plan is needed"
{% overdue_actions_box unit %} on the risk home page: overdue actions in the user's scope
"""

from django import template

from crmplus.risk import selectors_plans
from crmplus.risk.models_plans import RetentionPlan
from crmplus.risk.services_plans import is_special

register = template.Library()


@register.inclusion_tag("risk/_plan_box.html", takes_context=True)
def retention_plan_box(context, assessment) -> dict:
    user = context["request"].user
    plan = RetentionPlan.objects.filter(assessment=assessment).first()
    return {
        "a": assessment,
        "plan": plan,
        "special": is_special(assessment),
        "can_create": plan is None and selectors_plans.can_create_plan(user, assessment),
    }


@register.inclusion_tag("risk/_plan_overdue.html", takes_context=True)
def overdue_actions_box(context, unit=None) -> dict:
    user = context["request"].user
    return {"overdue": selectors_plans.overdue_summary(user=user, unit=unit), "unit": unit}
