"""The daily job: the responsible staff hear when a prospect becomes stalled that day and
when a next action falls due."""

import datetime as dt

from django.utils import timezone

from crmplus.approvals.models import Notification
from crmplus.prospects.reminders import daily_reminders
from tests.prospects.helpers import backdate, make_prospect


def test_it_tells_the_responsible_staff_once_on_the_day_a_prospect_stalls(org):
    today = timezone.localdate()
    p = make_prospect(org, responsible=org.kamr_n1, company_name="ค้าง")
    backdate(p, 61)  # identified: stalled after 60 days, so from today
    old = make_prospect(org, responsible=org.kamr_n1, company_name="ค้างนานแล้ว")
    backdate(old, 90)
    make_prospect(org, responsible=org.senior_n1, next_action_date=today, next_action="โทรนัด")
    line = daily_reminders(today)
    assert line == "prospects: 1 became stalled, 1 next actions due"
    titles = sorted(Notification.objects.values_list("user__username", "title_en"))
    assert titles == [
        ("kamr_n1", "Stalled prospect: ค้าง"),
        ("senior_n1", "Next action due: บริษัท ลำพูนโซลาร์เซลล์ จำกัด"),
    ]
    assert daily_reminders(today + dt.timedelta(days=1)).startswith("prospects: 0 became")
