"""A database connection the server lost is replaced: the user sees no error for it."""

import pytest
from django.db import connection


def drop_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_the_next_request_after_a_dropped_connection_succeeds(web_server, client, rep, account):
    server = web_server()
    client.force_login(rep)
    session = client.cookies["sessionid"].value
    assert server.request("/accounts/", session=session)[0] == 200

    assert drop_other_connections() >= 1  # the server's persistent connection is gone

    status, page = server.request("/accounts/", session=session)
    assert status == 200, page[:500]
    assert account.name in page
