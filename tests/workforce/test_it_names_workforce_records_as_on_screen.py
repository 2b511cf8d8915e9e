"""QA regression: history timelines named a training record by the employee's database
id ("668 KA-101 2021-05-24") and a session or ledger month in the Gregorian calendar."""

from crmplus.workforce.models import AllowanceLedger, Course, CourseKind, TrainingSession
from crmplus.workforce.services import training_record_save
from tests.workforce.conftest import D, employee


def test_it_names_training_records_sessions_and_ledgers_as_on_screen(org):
    person = employee(org, org.n1_office)
    course = Course.objects.create(code="KA-101", name_th="หลักสูตร Key Account",
                                   kind=CourseKind.KEY_ACCOUNT)  # fmt: skip
    session = TrainingSession.objects.create(
        course=course, unit=org.hq, starts_on=D(2021, 5, 24), ends_on=D(2021, 5, 24)
    )
    record = training_record_save(session=session, employee=person, attended_on=D(2021, 5, 24),
                                  passed=True, by=org.hq_admin)  # fmt: skip
    assert str(session) == "KA-101 24/05/2564"
    assert str(record) == f"{person.employee_number} KA-101 24/05/2564"
    assert str(AllowanceLedger(unit=org.n1, month=D(2025, 11, 1))) == "N1 11/2568"
