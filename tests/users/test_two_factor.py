"""Two-factor sign-in: enrolment, the code after the password, and the credit rule that
holds an approver's hand until the code is given (TWO_FACTOR_REQUIRED)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from credit import services
from credit.models import CreditLimit, RequestStatus, Route
from tests.factories import CreditRequestFactory
from users import two_factor

PASSWORD = "demo-password"  # tests/factories/core.py


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_REQUIRED_ROLES = frozenset({"admin", "credit_approver"})


@pytest.fixture
def credit_request(account):
    return CreditRequestFactory(account=account, route=Route.CREDIT, requested_limit=Decimal("500000"))


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def log_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client.get(reverse("home"))


def decide(client, credit_request):
    return client.post(
        reverse("credit:request_decide", args=[credit_request.pk]), {"action": "approve", "comment": "Fine"}
    )


def test_an_admin_with_required_two_factor_is_asked_for_the_code_and_cannot_decide_without_it(
    client, required, admin_user, credit_request
):
    device = enrolled(admin_user)
    page = log_in(client, admin_user)
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("two_factor_verify"))

    response = decide(client, credit_request)
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.SUBMITTED

    # Not only the page: the rule itself refuses an actor who has not confirmed the code.
    with pytest.raises(services.CreditError):
        services.credit_request_approve(request=credit_request, actor=admin_user, comment="")

    wrong = client.post(reverse("two_factor_verify"), {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert decide(client, credit_request)["Location"].startswith(reverse("two_factor_verify"))

    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp holds the next try back a while…
    device.throttle_reset()  # …which the test does not wait out
    verified = client.post(reverse("two_factor_verify") + "?next=/credit/", {"code": code_of(device)})
    assert verified.status_code == 302 and verified["Location"] == "/credit/"
    assert decide(client, credit_request).status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.APPROVED


def test_without_a_device_the_required_admin_is_sent_to_enrol(client, required, admin_user):
    page = log_in(client, admin_user)
    assert page["Location"].startswith(reverse("two_factor_setup"))
    assert client.get(reverse("accounts:list"))["Location"].startswith(reverse("two_factor_setup"))


def test_enrolment_shows_a_local_qr_code_and_the_recovery_codes_once(client, required, credit_approver):
    client.force_login(credit_approver)
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    device = TOTPDevice.objects.get(user=credit_approver, confirmed=False)
    assert client.get(reverse("two_factor_setup")).context["secret"] == page.context["secret"]  # same device

    assert client.post(reverse("two_factor_setup"), {"code": "12345x"}).status_code == 400
    assert client.post(reverse("two_factor_setup"), {"code": "x" * 17}).status_code == 400  # bounded
    device.refresh_from_db()
    device.throttle_reset()  # the wrong code held the next try back a second

    shown = client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert shown.status_code == 200
    codes = shown.context["codes"]
    assert len(codes) == two_factor.RECOVERY_CODES == len(set(codes))
    assert all(code in shown.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    # Shown once: the page now says how many are left, not what they are.
    again = client.get(reverse("two_factor_setup"))
    assert again.context["codes_left"] == 10
    assert codes[0] not in again.content.decode()
    # And this session counts as confirmed: the approver reaches their pages.
    assert client.get(reverse("accounts:list")).status_code == 200


def test_a_recovery_code_works_once_in_place_of_the_app(client, required, admin_user, credit_request):
    enrolled(admin_user)
    code = two_factor.recovery_codes_renew(user=admin_user)[0]
    log_in(client, admin_user)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    assert decide(client, credit_request).status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.APPROVED
    assert not StaticToken.objects.filter(token=code).exists()

    client.logout()
    log_in(client, admin_user)
    assert client.post(reverse("two_factor_verify"), {"code": code}).status_code == 400


def test_an_unconfirmed_approver_cannot_change_a_limit(client, required, credit_approver, account):
    client.force_login(credit_approver)
    enrolled(credit_approver)
    response = client.post(
        reverse("credit:limit_set", args=[account.pk]),
        {"amount": "100000", "payment_terms_days": "30", "effective_from": "2026-12-06", "reason": "Risk"},
    )
    assert response["Location"].startswith(reverse("two_factor_verify"))
    with pytest.raises(services.CreditError):
        services.credit_limit_set(
            account=account,
            actor=credit_approver,
            amount=Decimal("100000"),
            payment_terms_days=30,
            effective_from=account.created_at.date(),
            reason="Risk",
        )
    assert not CreditLimit.objects.exists()


def test_a_password_alone_cannot_replace_the_authenticator(client, admin_user):
    enrolled(admin_user)
    log_in(client, admin_user)
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_verify"))
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1


def test_without_the_setting_the_demo_logins_need_no_code(client, admin_user, credit_request):
    page = log_in(client, admin_user)
    assert page["Location"] == reverse("accounts:list")
    assert decide(client, credit_request).status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.APPROVED


def test_someone_who_enrolled_by_choice_is_asked_for_the_code_too(client, rep):
    enrolled(rep)
    page = log_in(client, rep)
    assert page["Location"].startswith(reverse("two_factor_verify"))


def test_a_managers_decision_is_not_held_when_only_admins_and_approvers_must(client, required, manager, account):
    credit_request = CreditRequestFactory(account=account)  # routed to the rep's manager
    client.force_login(manager)
    assert decide(client, credit_request).status_code == 302
    credit_request.refresh_from_db()
    assert credit_request.status == RequestStatus.APPROVED
