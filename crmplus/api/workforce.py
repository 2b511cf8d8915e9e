"""Workforce API (owned by crmplus.workforce)."""

from ninja import Router

router = Router(tags=["Workforce"])
