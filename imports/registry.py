"""The importers the apps above plug in (accounts, contacts): ``register`` in ``AppConfig.ready``.

An importer has a ``key`` (stored on its jobs), a ``title``, ``guess_mapping(headers)`` and
``run_table(*, table, mapping, user, dry_run, progress) -> dict``, which imports the rows of
an ``imports.reader.Table`` all or nothing and returns what the job page shows.
"""

from __future__ import annotations

from typing import Protocol

from .reader import Table


class Importer(Protocol):
    key: str
    title: str

    def guess_mapping(self, headers: list[str]) -> dict[str, str]: ...

    def run_table(self, *, table: Table, mapping: dict[str, str], user, dry_run: bool, progress) -> dict: ...


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _importers[importer.key] = importer


def get(key: str) -> Importer:
    return _importers[key]
