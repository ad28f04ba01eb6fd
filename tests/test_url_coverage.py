"""No page ships unchecked: every URL of the project has cases in the url × role matrix."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

NOT_OURS = {"admin"}  # Django's admin checks its own permissions (is_staff)


def url_names(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in NOT_OURS:
                continue
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def matrix_url_names() -> set[str]:
    names = set()
    for module_path in sorted(Path(settings.BASE_DIR, "tests").glob("*/test_url_matrix.py")):
        module = importlib.import_module(f"tests.{module_path.parent.name}.test_url_matrix")
        names |= {case.url_name for case in module.CASES}
    return names


def test_every_url_of_the_project_is_in_the_role_matrix():
    unchecked = set(url_names(get_resolver().url_patterns)) - matrix_url_names()
    assert unchecked == set(), "add these URLs to a tests/<app>/test_url_matrix.py"


def test_every_url_has_a_name():
    def unnamed(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in NOT_OURS:
                    yield from unnamed(pattern.url_patterns)
            elif not pattern.name and not str(pattern.pattern).startswith("__errors__"):
                yield str(pattern.pattern)

    assert list(unnamed(get_resolver().url_patterns)) == []
