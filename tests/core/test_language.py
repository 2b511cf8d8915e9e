from django.urls import reverse

from crmplus.core.models import User


def test_it_speaks_thai_by_default(client, org):
    client.force_login(org.kamr_n1)
    r = client.get("/customers/")
    assert r.headers["Content-Language"] == "th"


def test_it_switches_a_user_to_english_and_remembers_it(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(reverse("set_language"), {"language": "en", "next": "/customers/"})
    assert r.status_code == 302 and r["Location"] == "/customers/"
    assert User.objects.get(pk=org.kamr_n1.pk).language == "en"
    r = client.get("/customers/")
    assert r.headers["Content-Language"] == "en"
    assert "Customers" in r.content.decode()


def test_it_refuses_an_offsite_redirect_after_switching(client, org):
    client.force_login(org.kamr_n1)
    r = client.post(reverse("set_language"), {"language": "en", "next": "//evil.example"})
    assert r["Location"] == "/"
