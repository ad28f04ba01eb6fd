"""Login throttling: a username is locked out from an address after repeated failures."""

from django.urls import reverse


def attempt(client, password: str):
    return client.post(reverse("login"), {"username": "rep", "password": password}, REMOTE_ADDR="203.0.113.9")


def test_five_failures_lock_the_username_out_even_with_the_right_password(client, rep, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong")
    locked = attempt(client, "demo-password")
    assert locked.status_code == 429
    assert "Too many failed log-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, rep, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "demo-password").status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong")
    assert attempt(client, "demo-password").status_code == 302
