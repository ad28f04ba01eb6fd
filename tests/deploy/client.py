"""A person's browser for the multi-node test: their cookies, sent to whichever server the test
names (a gunicorn instance directly, or nginx over HTTPS), forms with their CSRF token."""

from __future__ import annotations

import http.client
import re
import ssl
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Browser:
    def __init__(self):
        # Secure cookies go over plain HTTP too: the gunicorn instances are reached without nginx.
        self.cookies: dict[str, str] = {}

    def request(self, url: str, method: str = "GET", *, body: bytes | None = None, headers=None) -> Response:
        parts = urlsplit(url)
        if parts.scheme == "https":  # nginx's throw-away certificate
            connection = http.client.HTTPSConnection(parts.netloc, timeout=30, context=ssl._create_unverified_context())  # noqa: S323
        else:
            connection = http.client.HTTPConnection(parts.netloc, timeout=30)
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        # The Referer Django's CSRF check wants on HTTPS, as a browser sends it.
        sent = {"Cookie": cookie, "Referer": url, **(headers or {})}
        try:
            connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=sent)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read().decode(errors="replace"))
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str) -> Response:
        return self.request(url)

    def submit(self, url: str, fields: dict, *, form_page: str | None = None, files: dict | None = None) -> Response:
        """POST ``fields`` (and ``files``: name → (filename, bytes)) to ``url`` with the CSRF token
        of the form on ``form_page`` (``url`` itself by default)."""
        page = self.get(form_page or url)
        token = CSRF_FIELD.search(page.text)
        assert token, f"no form on {form_page or url}: {page.status}"
        fields = {**fields, "csrfmiddlewaretoken": token.group(1)}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request(url, "POST", body=body, headers={"Content-Type": content_type})

    def log_in(self, base: str, username: str, password: str) -> None:
        response = self.submit(f"{base}/login/", {"username": username, "password": password})
        assert response.status == 302, response.text[-2000:]
        assert "sessionid" in self.cookies


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
