"""prospect_move: the pipeline's rules on the database, the log and who may move."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from crmplus.prospects.models import Prospect, StageChange
from crmplus.prospects.services import prospect_move, prospect_save
from tests.prospects.helpers import make_prospect, move_to


def test_it_starts_in_the_first_stage_with_its_probability_and_logs_it(org):
    p = make_prospect(org)
    assert p.stage == "identified" and p.probability == 10
    assert p.area == org.n1
    log = list(StageChange.objects.filter(prospect=p).values_list("from_stage", "to_stage"))
    assert log == [("", "identified")]


def test_it_moves_forward_several_stages_and_logs_each_move(org):
    p = make_prospect(org)
    move_to(p, "offer", org.kamr_n1, note="ส่งข้อเสนอแล้ว")
    p.refresh_from_db()
    assert p.stage == "offer" and p.probability == 60
    last = StageChange.objects.filter(prospect=p).latest("at")
    assert (last.from_stage, last.to_stage, last.by, last.note, last.backward) == (
        "identified", "offer", org.kamr_n1, "ส่งข้อเสนอแล้ว", False,
    )  # fmt: skip


def test_it_refuses_moving_back_without_a_reason_and_changes_nothing(org):
    p = make_prospect(org)
    move_to(p, "offer", org.kamr_n1)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        prospect_move(prospect=p, to_stage="contacted", by=org.kamr_n1)
    assert e.value.message_dict == {"note": ["Moving back needs a reason."]}
    p.refresh_from_db()
    assert p.stage == "offer" and StageChange.objects.filter(prospect=p).count() == 2
    prospect_move(prospect=p, to_stage="contacted", by=org.kamr_n1, note="ลูกค้าเลื่อนโครงการ")
    assert StageChange.objects.filter(prospect=p).latest("at").backward is True


def test_it_needs_a_connection_date_to_mark_connected(org):
    p = make_prospect(org)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        prospect_move(prospect=p, to_stage="connected", by=org.kamr_n1)
    assert "connection_date" in e.value.message_dict
    day = timezone.localdate() - dt.timedelta(days=2)
    prospect_move(prospect=p, to_stage="connected", by=org.kamr_n1, connection_date=day)
    p.refresh_from_db()
    assert p.stage == "connected" and p.connection_date == day and p.probability == 100


def test_it_hands_to_kam_only_after_conversion(org):
    p = move_to(make_prospect(org), "connected", org.kamr_n1)
    with translation.override("en"), pytest.raises(ValidationError) as e:
        prospect_move(prospect=p, to_stage="handed_to_kam", by=org.kamr_n1)
    assert e.value.message_dict == {
        "stage": ["Convert the prospect to a customer before handing it to a KAM."]
    }


def test_it_clears_the_connection_date_when_an_unconverted_prospect_goes_back(org):
    p = move_to(make_prospect(org), "connected", org.kamr_n1)
    prospect_move(prospect=p, to_stage="connection_works", by=org.kamr_n1, note="ไฟยังไม่เข้า")
    p.refresh_from_db()
    assert p.connection_date is None


def test_it_lets_readers_read_but_not_move(org):
    p = make_prospect(org)
    for reader in (org.auditor, org.hq_approver):
        with pytest.raises(PermissionDenied):
            prospect_move(prospect=p, to_stage="contacted", by=reader)
    assert Prospect.objects.get(pk=p.pk).stage == "identified"


def test_it_refuses_a_responsible_office_outside_the_users_scope(org):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        make_prospect(org, by=org.kamr_n1, office=org.c1_office)
    assert e.value.message_dict["office"] == ["This unit is outside your organisation scope."]
    assert not Prospect.objects.exists()


def test_it_refuses_responsible_staff_of_another_area(org):
    with translation.override("en"), pytest.raises(ValidationError) as e:
        make_prospect(org, by=org.area_admin_n1, responsible=org.kamr_c1)
    assert e.value.message_dict == {
        "responsible": ["The responsible staff must work in the prospect's area."]
    }


def test_it_changes_fields_but_never_the_stage_through_save(org):
    p = make_prospect(org)
    prospect_save(by=org.kamr_n1, prospect=p, next_action="นัดประชุม", expected_gm=5_000_000)
    p.refresh_from_db()
    assert p.next_action == "นัดประชุม" and p.history.count() == 2
    with pytest.raises(ValidationError):
        prospect_save(by=org.kamr_n1, prospect=p, stage="offer")
