"""Real identity providers for the single sign-on tests, each started as a child process on a
free local port: OpenLDAP's slapd (Debian's package), seeded with ldapadd, and the npm package
oidc-provider (tests/sso/oidc_provider.mjs). A missing program fails the test: nothing skips."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from config.settings.auth import ldap_settings, oidc_settings
from tests.celery_worker import stop_process_group
from tests.servers import free_port

HERE = Path(__file__).parent
SUFFIX = "dc=example,dc=org"
ADMIN_DN, ADMIN_PASSWORD = f"cn=admin,{SUFFIX}", "directory-admin"

GROUP_ROLES = {
    "crm-admins": "admin",
    "crm-approvers": "credit_approver",
    "crm-managers": "manager",
    "crm-sales": "rep",
}
GROUP_TEAMS = {"sales-north": "North", "sales-south": "South"}


def _program(name: str) -> str:
    path = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    assert path, f"{name} is missing: `make ldap` installs slapd and ldap-utils, .ci/run node"
    return path


def _wait(check, process: subprocess.Popen, log: Path, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped:\n{log.read_text()}")
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"the server did not start in {timeout}s:\n{log.read_text()}")


@pytest.fixture
def sso_mapping(settings):
    settings.SSO_GROUP_ROLES = GROUP_ROLES
    settings.SSO_GROUP_TEAMS = GROUP_TEAMS


# --- LDAP -------------------------------------------------------------------------------------


class Directory:
    """A running slapd with ``ou=people`` and ``ou=groups`` (groupOfNames) under SUFFIX."""

    def __init__(self, uri: str):
        self.uri = uri

    def _ldap(self, tool: str, ldif: str) -> None:
        result = subprocess.run(
            [_program(tool), "-x", "-H", self.uri, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=ldif, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr

    def add_person(self, uid: str, password: str, *, given: str = "", surname: str = "Person") -> None:
        self._ldap(
            "ldapadd",
            f"dn: uid={uid},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\n"
            f"sn: {surname}\ngivenName: {given or uid}\nmail: {uid}@example.org\nuserPassword: {password}\n",
        )

    def remove_person(self, uid: str) -> None:
        self._ldap("ldapdelete", f"uid={uid},ou=people,{SUFFIX}\n")

    def add_to_group(self, group: str, uid: str) -> None:
        self._ldap("ldapmodify", f"dn: cn={group},ou=groups,{SUFFIX}\nchangetype: modify\nadd: member\n"
                   f"member: uid={uid},ou=people,{SUFFIX}\n")  # fmt: skip

    def remove_from_group(self, group: str, uid: str) -> None:
        self._ldap("ldapmodify", f"dn: cn={group},ou=groups,{SUFFIX}\nchangetype: modify\ndelete: member\n"
                   f"member: uid={uid},ou=people,{SUFFIX}\n")  # fmt: skip


def _seed(groups) -> str:
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n",
        f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n",
    ]
    # groupOfNames needs a member: the administrator stands in for an empty group.
    entries += [
        f"dn: cn={group},ou=groups,{SUFFIX}\nobjectClass: groupOfNames\ncn: {group}\nmember: {ADMIN_DN}\n"
        for group in groups
    ]
    return "\n".join(entries)


@pytest.fixture
def directory(tmp_path, settings, sso_mapping):
    """A fresh slapd for the test, and the LDAP backend switched on against it."""
    folder = tmp_path / "slapd"
    (folder / "data").mkdir(parents=True)
    config = folder / "slapd.conf"
    config.write_text(
        "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in ("core", "cosine", "inetorgperson"))
        + f"\nmodulepath /usr/lib/ldap\nmoduleload back_mdb\npidfile {folder}/slapd.pid\n"
        f'database mdb\nmaxsize 10485760\nsuffix "{SUFFIX}"\nrootdn "{ADMIN_DN}"\nrootpw {ADMIN_PASSWORD}\n'
        f"directory {folder}/data\n"
    )
    uri = f"ldap://127.0.0.1:{free_port()}"
    log = folder / "slapd.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [_program("slapd"), "-f", str(config), "-h", uri, "-d", "0"],
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    search = [_program("ldapsearch"), "-x", "-H", uri, "-b", "", "-s", "base"]
    _wait(lambda: subprocess.run(search, capture_output=True, check=False).returncode == 0, process, log)
    server = Directory(uri)
    server._ldap("ldapadd", _seed([*GROUP_ROLES, *GROUP_TEAMS, "unmapped"]))
    values = {
        "LDAP_SERVER_URI": uri,
        "LDAP_BIND_DN": ADMIN_DN,
        "LDAP_BIND_PASSWORD": ADMIN_PASSWORD,
        "LDAP_USER_SEARCH_BASE": f"ou=people,{SUFFIX}",
        "LDAP_GROUP_SEARCH_BASE": f"ou=groups,{SUFFIX}",
    }
    for name, value in ldap_settings(values).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "users.ldap_backend.DirectoryLDAPBackend"]
    yield server
    stop_process_group(process)


# --- OpenID Connect ---------------------------------------------------------------------------


class Provider:
    """The running oidc-provider; ``accounts`` rewrites who may sign in, with which claims."""

    def __init__(self, url: str, accounts_file: Path):
        self.url, self.accounts_file = url, accounts_file

    def set_accounts(self, accounts: dict[str, dict]) -> None:
        self.accounts_file.write_text(json.dumps(accounts))

    def person(self, login: str, password: str, *, groups: list[str], given: str = "", family: str = "") -> dict:
        claims = {"email": f"{login}@example.org", "groups": groups, "given_name": given, "family_name": family}
        return {login: {"password": password, "claims": claims}}


@pytest.fixture(scope="module")
def _oidc_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc")
    accounts, log = folder / "accounts.json", folder / "provider.log"
    accounts.write_text("{}")
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [_program("node"), str(HERE / "oidc_provider.mjs"), str(port), str(accounts),
             "http://testserver/sso/oidc/callback/"],
            cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    _wait(lambda: f"listening on {port}" in log.read_text(), process, log)
    yield Provider(f"http://127.0.0.1:{port}", accounts)
    stop_process_group(process)


@pytest.fixture
def oidc_provider(_oidc_server, settings, sso_mapping):
    """The provider with nobody in it yet, and OpenID Connect sign-in switched on against it."""
    _oidc_server.set_accounts({})
    url = _oidc_server.url
    values = {
        "OIDC_RP_CLIENT_ID": "crm",
        "OIDC_RP_CLIENT_SECRET": "crm-secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{url}/auth",
        "OIDC_OP_TOKEN_ENDPOINT": f"{url}/token",
        "OIDC_OP_USER_ENDPOINT": f"{url}/me",
        "OIDC_OP_JWKS_ENDPOINT": f"{url}/jwks",
        "OIDC_PROVIDER_NAME": "Example ID",
    }
    for name, value in oidc_settings(values).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "users.oidc.DirectoryOIDCBackend"]
    return _oidc_server
