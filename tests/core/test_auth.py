from django.conf import settings
from django.urls import reverse

from crmplus.core.models import User


def test_it_hashes_passwords_with_argon2(org):
    assert org.kamr_n1.password.startswith("argon2")


def test_it_sends_anonymous_users_to_the_login_page(client, db):
    r = client.get("/customers/")
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_it_logs_in_and_out(client, org):
    r = client.post(reverse("login"), {"username": "kamr_n1", "password": org.password})
    assert r.status_code == 302
    assert client.get("/customers/").status_code == 200
    client.post(reverse("logout"))
    assert client.get("/customers/").status_code == 302


def test_it_locks_an_account_after_repeated_failures(client, org):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "kamr_n1", "password": "wrong"})
    r = client.post(reverse("login"), {"username": "kamr_n1", "password": org.password})
    assert r.status_code == 429
    assert client.get("/customers/").status_code == 302


def test_it_expires_sessions_after_the_idle_setting(client, org):
    client.force_login(org.kamr_n1)
    client.get("/")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST  # every request renews the idle timer


def test_it_lets_only_hq_admins_into_the_django_admin(client, org):
    client.force_login(org.area_admin_n1)
    assert client.get("/admin/").status_code == 302
    client.force_login(org.auditor)
    assert client.get("/admin/").status_code == 302
    client.force_login(org.hq_admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/customers/businesspartner/").status_code == 200


def test_it_gives_staff_status_only_to_hq_admins(org):
    assert User.objects.get(pk=org.hq_admin.pk).is_staff
    assert not User.objects.get(pk=org.area_admin_n1.pk).is_staff
