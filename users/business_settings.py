"""Business settings edited in the app, stored as a history of changes (``SettingChange``).

``stored(key)`` is the one read: the newest change of a key, kept in the shared cache (Redis
in production, so every gunicorn process and worker sees a change at once) and dropped from
it when a change commits. ``None`` means never changed in the app: the caller's default (the
settings file) applies. ``setting_record`` is the one write: the caller validates the value
with its form first and passes plain JSON.
"""

from __future__ import annotations

from django.db import transaction

from .background import progress_delete, progress_get, progress_set
from .models import SettingChange

# Short, so that a change whose cache entry could not be dropped (Redis down) shows soon anyway.
_CACHE_SECONDS = 300


def _cache_key(key: str) -> str:
    return f"business-setting:{key}"


def stored(key: str):
    """The value of ``key`` in force, or None when it was never changed in the app (cached
    too, so a setting left at its default costs no query either)."""
    cached = progress_get(_cache_key(key), None)
    if cached is not None:
        return cached["stored"]
    # A stored value is never SQL NULL, so None here means no change was ever recorded.
    latest = SettingChange.objects.filter(key=key).order_by("-changed_at", "-pk").values_list("value", flat=True)
    found = {"stored": latest.first()}
    progress_set(_cache_key(key), found, _CACHE_SECONDS)
    return found["stored"]


@transaction.atomic
def setting_record(*, key: str, value, previous, actor) -> SettingChange:
    """Record that ``actor`` changed ``key`` from ``previous`` to ``value`` (both plain JSON)."""
    change = SettingChange(key=key, value=value, previous=previous, changed_by=actor)
    change.full_clean()
    change.save()
    # Dropped once committed: a read before then, in any process, still gets the old value.
    transaction.on_commit(lambda: forget(key))
    return change


def forget(key: str) -> None:
    """Drop ``key``'s cached value: the next read takes it from the database."""
    progress_delete(_cache_key(key))


def history(key: str, *, limit: int = 20) -> list[SettingChange]:
    """The latest changes of ``key``, newest first, with who made them and, as
    ``differences``, what each changed (``users/_setting_history.html`` shows them)."""
    changes = list(
        SettingChange.objects.filter(key=key).select_related("changed_by").order_by("-changed_at", "-pk")[:limit]
    )
    for change in changes:
        change.differences = differences(change.previous, change.value)
    return changes


def differences(old, new, *, name: str = "") -> list[tuple[str, object, object]]:
    """(name, old, new) for each part that changed: dictionaries key by key (nested ones as
    ``outer.inner``), lists as the entries removed and the entries added."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            found
            for key in sorted({*old, *new})
            if old.get(key) != new.get(key)
            for found in differences(old.get(key), new.get(key), name=f"{name}.{key}" if name else key)
        ]
    if isinstance(old, list) and isinstance(new, list):
        return [(name, [item for item in old if item not in new], [item for item in new if item not in old])]
    return [(name, old, new)]
