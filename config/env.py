"""Reading settings from the environment, with errors that name the variable."""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def read(name: str, cast, **kwargs):
    """Return the environment variable ``name`` cast by ``cast``.

    Any problem — missing without a default, or a value that does not parse — stops
    start-up with an ImproperlyConfigured that names the variable and says what it wants.
    """
    try:
        return cast(name, **kwargs)
    except Exception as error:  # environ raises ValueError, KeyError, ImproperlyConfigured … for bad values
        if isinstance(error, ImproperlyConfigured) and name in str(error):
            raise
        raise ImproperlyConfigured(f"Environment variable {name} is malformed: {error}") from error


def strict_bool(name: str, *, default: bool) -> bool:
    """A boolean that refuses anything but the usual spellings, so a typo is not 'False'."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    truthy, falsy = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
    if raw.lower() in truthy:
        return True
    if raw.lower() in falsy:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be true or false, not {raw!r}.")
