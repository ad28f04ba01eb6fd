"""A test's hold on a table, to stop another process inside its transaction: the process's
writes wait for the lock there, where the test can kill it (PostgreSQL only)."""

from __future__ import annotations

import psycopg
from django.db import connection


def lock_from_another_connection(table: str) -> psycopg.Connection:
    """A transaction of the test's own holding ``table``: reads pass, the run's writes wait."""
    database = connection.settings_dict
    side = psycopg.connect(host=database["HOST"], port=database["PORT"], user=database["USER"], dbname=database["NAME"])
    side.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    return side


def waiting_inside_a_transaction(table: str) -> int | None:
    """The backend waiting for a lock on ``table`` inside a transaction that has written rows."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # pg_stat_activity is cached per transaction
        cursor.execute(
            "SELECT activity.pid FROM pg_locks AS lock JOIN pg_stat_activity AS activity USING (pid) "
            "WHERE lock.relation = %s::regclass AND NOT lock.granted "
            "AND activity.xact_start IS NOT NULL AND activity.backend_xid IS NOT NULL",
            [table],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def backend_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0
