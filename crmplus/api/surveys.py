"""Surveys and reports API (owned by crmplus.surveys)."""

from ninja import Router

router = Router(tags=["Surveys and reports"])
