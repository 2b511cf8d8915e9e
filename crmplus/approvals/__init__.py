"""One approval workflow reused by every capability.

An app registers its kinds (crmplus.approvals.registry.register_kind) from its
AppConfig.ready(), submits with services.approval_submit(...) and shows the
status with services.approval_for(subject) / selectors.approvals_for(subjects)
or `{% load approvals %}{% approval_panel subject %}`. Routing and who may
decide: crmplus.approvals.routing.
"""
