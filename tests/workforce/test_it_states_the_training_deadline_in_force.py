"""QA regression: the appointment form promised "within 3 months" even when HQ had set
another deadline for the fiscal year (the deadline is a setting)."""

from django.urls import reverse
from django.utils import timezone, translation

from crmplus.core.fiscal import fiscal_year
from crmplus.core.models import SettingValue
from crmplus.workforce.rules_settings import TRAINING_MONTHS


def test_it_states_the_training_deadline_in_force(client, org):
    org.area_admin_n1.language = "en"
    org.area_admin_n1.save()
    client.force_login(org.area_admin_n1)
    url = reverse("workforce:appointment_create")
    with translation.override("en"):
        assert "within 3 months" in client.get(url).content.decode()
        SettingValue.objects.create(
            key=TRAINING_MONTHS, effective_fy=fiscal_year(timezone.localdate()), value=6
        )
        page = client.get(url).content.decode()
    assert "within 6 months" in page and "within 3 months" not in page


def test_the_training_due_list_states_the_deadline_in_force(client, org):
    org.area_admin_n1.language = "en"
    org.area_admin_n1.save()
    client.force_login(org.area_admin_n1)
    SettingValue.objects.create(
        key=TRAINING_MONTHS, effective_fy=fiscal_year(timezone.localdate()), value=4
    )
    with translation.override("en"):
        page = client.get(reverse("workforce:training_due")).content.decode()
    assert "within 4 months of appointment" in page
