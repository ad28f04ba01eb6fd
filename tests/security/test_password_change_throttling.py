"""Password change is throttled like the log-in, and behind a reverse proxy each client is
counted by its own address."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from users.throttling import client_ip

NEW_PASSWORD = "a-new-Passw0rd-for-rep"


def change(client, old_password: str, address: str = "203.0.113.9", **headers):
    data = {"old_password": old_password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(reverse("password_change"), data, REMOTE_ADDR=address, **headers)


@pytest.fixture
def throttled(settings):
    settings.AXES_ENABLED = True


def test_a_right_old_password_changes_it(client, rep, throttled):
    client.force_login(rep)
    assert change(client, "demo-password").status_code == 302
    rep.refresh_from_db()
    assert rep.check_password(NEW_PASSWORD)


def test_repeated_wrong_old_passwords_lock_the_change_and_the_log_in(client, rep, settings, throttled):
    client.force_login(rep)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert change(client, "guess").status_code in (200, 429)

    locked = change(client, "demo-password")

    assert locked.status_code == 429
    rep.refresh_from_db()
    assert not rep.check_password(NEW_PASSWORD)
    client.logout()
    login = client.post(reverse("login"), {"username": "rep", "password": "demo-password"}, REMOTE_ADDR="203.0.113.9")
    assert login.status_code == 429


def test_behind_a_proxy_one_clients_guesses_do_not_lock_out_another(client, rep, settings, throttled):
    settings.REVERSE_PROXY_COUNT = 1
    client.force_login(rep)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        change(client, "guess", address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert change(client, "demo-password", address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert change(client, "demo-password", address="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # no proxy: the header is the client's own word
        (1, "198.51.100.7", "198.51.100.7"),  # nginx appended the address it saw
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # a forged entry on the left is ignored
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.5", "198.51.100.7"),  # load balancer, then nginx
        (2, "198.51.100.7", "10.0.0.1"),  # fewer entries than proxies: not trusted
    ],
)
def test_the_client_address_is_read_from_the_right_of_x_forwarded_for(settings, proxies, forwarded, expected):
    settings.REVERSE_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
