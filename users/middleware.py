"""Control characters are refused at the door, for every page at once (see users/bounds.py)."""

from __future__ import annotations

from django.core.exceptions import BadRequest

from .bounds import has_control_characters


class RefuseControlCharactersMiddleware:
    """A path, query or form value holding NUL or another control character is a 400.

    Checked before any view parses it: PostgreSQL refuses NUL in every text column and
    lookup, so a single one in a search box otherwise fails the query (and the request's
    transaction). Uploaded files are the importers' business; their names are checked here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._hostile(request):
            # Logged by Django (django.security); the visitor sees templates/400.html.
            raise BadRequest("control characters in the path, the query or a form field")
        return self.get_response(request)

    @staticmethod
    def _hostile(request) -> bool:
        values = [request.path, *_keys_and_values(request.GET)]
        if request.method == "POST":
            values += [*_keys_and_values(request.POST), *(upload.name for upload in request.FILES.values())]
        return any(has_control_characters(value) for value in values)


def _keys_and_values(query):
    for key, values in query.lists():
        yield key
        yield from values
