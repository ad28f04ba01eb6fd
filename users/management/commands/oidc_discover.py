"""Print the OIDC_* variables for an OpenID Connect provider from its discovery document.

    python manage.py oidc_discover https://id.example.com/realms/staff >> /etc/crm/crm.env

Read once by the operator, not at every start: the app does not depend on the provider
answering when it starts, and a change of endpoints is a change of configuration.
"""

from __future__ import annotations

import requests
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

# The variable each endpoint of the discovery document fills (config/settings/auth.py).
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class Command(BaseCommand):
    help = "Print the OIDC_OP_* variables for a provider, from ISSUER/.well-known/openid-configuration."

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="The provider's issuer URL.")

    def handle(self, *args, issuer: str, **options):
        issuer = issuer.rstrip("/")
        address = f"{issuer}/.well-known/openid-configuration"
        try:
            response = requests.get(address, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise CommandError(
                _("No discovery document at %(address)s: %(error)s") % {"address": address, "error": error}
            ) from error
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
            raise CommandError(_("The document at %(address)s is not this issuer's.") % {"address": address})
        missing = [key for key in ENDPOINTS.values() if not document.get(key)]
        if missing:
            raise CommandError(_("The provider does not publish %(keys)s.") % {"keys": ", ".join(missing)})
        algorithms = document.get("id_token_signing_alg_values_supported") or ["RS256"]
        for name, key in ENDPOINTS.items():
            self.stdout.write(f"{name}={document[key]}")
        self.stdout.write(f"OIDC_RP_SIGN_ALGO={'RS256' if 'RS256' in algorithms else algorithms[0]}")
