"""QA regression: an area admin's employee page listed HQ's Key Account session as a
link that answered 404 (the session is outside the area's scope)."""

from django.urls import reverse

from crmplus.workforce.models import Course, CourseKind, TrainingSession
from crmplus.workforce.services import training_record_save
from tests.workforce.conftest import D, employee


def test_it_links_only_the_training_sessions_in_scope(client, org):
    person = employee(org, org.n1_office)
    course = Course.objects.create(code="KA", name_th="หลักสูตร Key Account",
                                   kind=CourseKind.KEY_ACCOUNT)  # fmt: skip
    hq_session = TrainingSession.objects.create(
        course=course, unit=org.hq, starts_on=D(2026, 1, 20), ends_on=D(2026, 1, 20)
    )
    training_record_save(session=hq_session, employee=person, attended_on=D(2026, 1, 20),
                         passed=True, by=org.hq_admin)  # fmt: skip
    link = reverse("workforce:session", args=[hq_session.pk])

    client.force_login(org.area_admin_n1)
    page = client.get(reverse("workforce:employee", args=[person.pk]))
    assert "หลักสูตร Key Account" in page.content.decode()
    assert f'href="{link}"' not in page.content.decode()
    assert client.get(link).status_code == 404

    client.force_login(org.hq_admin)
    page = client.get(reverse("workforce:employee", args=[person.pk]))
    assert f'href="{link}"' in page.content.decode()
