"""Fast inserts for seeding and imports: PostgreSQL COPY, with a portable fallback.

Hundreds of thousands of order lines cannot go through one ``save()`` each, nor even
comfortably through ``bulk_create`` (which builds a model instance and a parameter list
per row). On PostgreSQL these helpers stream rows with ``COPY``; on other databases
(SQLite for a first look and the test suite) they fall back to ``bulk_create``.
Both paths insert exactly the same rows; callers pass plain values, never instances.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 5000
ANALYZE_AFTER = 10000  # rows: a load this large refreshes the planner's statistics


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys for rows inserted with explicit ids.

    On PostgreSQL they come from the table's own sequence, so concurrent inserts never
    collide; elsewhere (SQLite serialises writers) from the current maximum.
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quoted(column)}), 0) FROM {quoted(table)}")  # noqa: S608 — names from the model
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples of values in the order of ``fields``, attribute names) into ``model``.

    No signals, no ``save()``; values must already be clean (the callers validate them).
    Returns the number of rows inserted.
    """
    if is_postgresql():
        return _copy_rows(model, fields, rows)
    count = 0
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        count += len(batch)
    return count


def _copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    quoted = connection.ops.quote_name
    columns = ", ".join(quoted(model._meta.get_field(name).column) for name in fields)
    sql = f"COPY {quoted(model._meta.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def analyze(*models_: type[models.Model]) -> None:
    """Refresh PostgreSQL's statistics after a bulk load.

    Autovacuum gets to it eventually; until then the planner believes the tables are as
    they were before the load (e.g. ten thousand lines per order) and picks plans that
    are a hundred times slower. Other databases: nothing to do.
    """
    if not is_postgresql() or not models_:
        return
    quoted = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(quoted(model._meta.db_table) for model in models_))
