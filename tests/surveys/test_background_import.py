"""A big survey file is checked by the worker with the same rules: all rows or none."""

from crmplus.surveys.importer import survey_import, survey_import_run
from crmplus.surveys.models import ImportStatus, SurveyResponse
from tests.surveys.conftest import FY, csv_file, row


def test_a_queued_import_is_checked_and_stored_by_the_worker(
    org, accounts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        record = survey_import(
            fy=FY, upload=csv_file([row(org.bp_n1.bp_number)]), by=org.area_admin_n1,
            background=True,
        )  # fmt: skip
    assert record.status == ImportStatus.QUEUED and len(callbacks) == 1
    assert not SurveyResponse.objects.exists()
    record = survey_import_run(import_id=record.pk)
    assert record.status == ImportStatus.DONE and record.imported == 1
    assert SurveyResponse.objects.get().bp == org.bp_n1
    # Running the task again changes nothing.
    survey_import_run(import_id=record.pk)
    assert SurveyResponse.objects.count() == 1


def test_a_queued_file_with_a_bad_row_imports_nothing(org, accounts):
    rows = [row(org.bp_n1.bp_number), row(org.bp_n1.bp_number)]
    record = survey_import(fy=FY, upload=csv_file(rows), by=org.hq_admin, background=True)
    record = survey_import_run(import_id=record.pk)
    assert record.status == ImportStatus.REJECTED and record.row_report[0]["row"] == 3
    assert not SurveyResponse.objects.exists()
