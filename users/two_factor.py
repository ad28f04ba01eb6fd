"""Two-factor sign-in (TOTP, with recovery codes) through django-otp.

The rule of who must use it lives in ``users.permissions`` (``needs_second_factor``,
``second_factor_missing``); this module enrols a device, checks a code and remembers in
the session that the person confirmed it (``django_otp.login``). Recovery codes are
django-otp's static tokens: each one works once, and they are shown once, when made.
"""

from __future__ import annotations

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
# A session where the password was right but a device the person has is not confirmed yet.
PENDING_SESSION_KEY = "second_factor_pending"


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def totp_device_pending(user) -> TOTPDevice:
    """The authenticator being enrolled: one unconfirmed device, the same on every visit
    until it is confirmed, so a reload does not invalidate the QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an SVG QR code, drawn here (no outside service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key to type in when the QR code cannot be scanned, in groups of four."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def totp_device_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with a code from the app: it becomes the person's authenticator
    (replacing any earlier one), new recovery codes are made, and this session counts as
    confirmed. Returns the recovery codes, to be shown once; None when the code is wrong."""
    if not device.verify_token(token):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=user)
    django_otp.login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Replace the person's recovery codes with new ones (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_verify(*, request, token: str) -> bool:
    """Check a code from the authenticator or a recovery code (used up by this); on success
    the session counts as confirmed. Each device throttles wrong codes (django-otp)."""
    device = django_otp.match_token(request.user, token)
    if device is None:
        return False
    django_otp.login(request, device)
    request.session.pop(PENDING_SESSION_KEY, None)
    return True


def after_password_login(request, user) -> None:
    """Anyone with an authenticator is asked for a code next, required of their role or not."""
    if has_device(user):
        request.session[PENDING_SESSION_KEY] = True
