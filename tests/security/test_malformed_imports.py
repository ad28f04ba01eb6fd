"""Property-based: whatever bytes arrive as an import file, the importers either report a
clear error and change nothing, or import exactly what they report — never a crash."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.import_rows import dataset_from_table
from accounts.importing import ACCOUNTS, import_accounts
from accounts.models import Account
from deals.importing import import_orders
from deals.models import Order, OrderLine
from imports.reader import ImportFileError, open_table

ORDER_HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"
ACCOUNT_HEADER = "code,name,industry"

cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "17850.0", "-3", "1e400", "NaN", "2011-02-30", "2010-12-01 08:26:00", '"', "=1+1", "\x00"]),
    st.integers(-(10**20), 10**20).map(str),
)
delimiter = st.sampled_from([",", ";", "\t", "|"])
encoding = st.sampled_from(["utf-8", "utf-16", "gb18030", "latin-1"])


@st.composite
def csv_files(draw, header: str) -> bytes:
    """A CSV that is almost right: the real header, rows of odd widths and values, mixed
    delimiters and quotes, in one of several encodings — or plain garbage bytes."""
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.binary(max_size=400))
    separator = draw(delimiter)
    rows = draw(st.lists(st.lists(cell, max_size=10), max_size=12))
    text = "\n".join([header.replace(",", separator)] + [separator.join(row) for row in rows])
    data = text.encode(draw(encoding), errors="replace")
    if draw(st.booleans()):  # a broken byte somewhere, as a truncated export has
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:position] + b"\xff\xfe\xc3" + data[position:]
    return data


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@PROPERTY
@given(data=csv_files(ORDER_HEADER), dry_run=st.booleans())
def test_order_import_never_crashes_and_writes_only_what_it_reports(admin_user, data, dry_run):
    orders_before, lines_before = Order.objects.count(), OrderLine.objects.count()
    try:
        result = import_orders(
            source=io.BytesIO(data), name="orders.csv", dry_run=dry_run, create_missing=True, owner=admin_user
        )
    except ImportFileError as error:
        assert str(error)  # a message a person can read
        assert (Order.objects.count(), OrderLine.objects.count()) == (orders_before, lines_before)
        return
    written = OrderLine.objects.count() - lines_before
    assert written == (0 if dry_run else result.lines_imported)
    assert result.lines_imported + len(result.skipped) <= result.rows


@pytest.mark.django_db
@PROPERTY
@given(data=csv_files(ACCOUNT_HEADER))
def test_account_import_is_all_or_nothing_on_any_file(data):
    before = Account.objects.count()
    try:
        with open_table(io.BytesIO(data), "accounts.csv") as table:
            dataset, lines = dataset_from_table(table)
    except ImportFileError as error:  # the one exception the reader raises: a message
        assert str(error)
        assert Account.objects.count() == before
        return
    report = import_accounts(
        dataset=dataset, lines=lines, mapping=ACCOUNTS.guess_mapping(dataset.headers), dry_run=False
    )
    if report.errors:
        assert Account.objects.count() == before  # one bad row: nothing written
        assert all(line >= 1 and reason for line, reason in report.errors)
    else:
        assert Account.objects.count() == before + report.created
