"""import_orders: mapping, skipped rows with line and reason, encodings, compression, re-import, dry run."""

from __future__ import annotations

import datetime
import gzip
import io
import lzma
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from accounts.models import Account
from accounts.money import LineAmount
from deals.importing import SkipReason, import_orders
from deals.models import Order, OrderLine, Payment, Product
from tests.factories import AccountFactory, ProductFactory

RETAIL_MAP = [
    "account_code=CustomerID",
    "order_number=InvoiceNo",
    "order_date=InvoiceDate",
    "product_code=StockCode",
    "product_name=Description",
    "quantity=Quantity",
    "unit_price=UnitPrice",
]
# Line numbers are the file's own: the header is line 1.
RETAIL_CSV = """InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,,United Kingdom
536367,84879,ASSORTED BIRD ORNAMENT,32,2010-12-01 08:34:00,1.69,13047.0,United Kingdom
536368,22960,JAM MAKING SET,six,2010-12-01 08:34:00,4.25,13047.0,United Kingdom
536369,22913,RED COAT RACK,3,yesterday,4.95,13047.0,United Kingdom
536370,22912,YELLOW COAT RACK,3,2010-12-01 08:45:00,abc,12583.0,France
C536379,85123A,WHITE HANGING HEART,-2,2010-12-02 09:41:00,2.55,17850.0,United Kingdom
"""
GOOD_NET = Decimal("6") * Decimal("2.55") + 6 * Decimal("3.39") + 32 * Decimal("1.69") - 2 * Decimal("2.55")


def run(path, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_orders", str(path), *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def net_revenue():
    return OrderLine.objects.aggregate(total=Sum(LineAmount("quantity", "unit_price")))["total"] or Decimal("0")


@pytest.fixture
def retail_file(tmp_path):
    path = tmp_path / "retail.csv"
    path.write_text(RETAIL_CSV, encoding="utf-8")
    return path


def test_imports_usable_rows_and_reports_each_skipped_row_with_line_and_reason(retail_file, admin_user):
    out, err = run(retail_file, "--map", *RETAIL_MAP, "--create-missing")

    assert Order.objects.count() == 3  # 536365, 536367 and the cancellation C536379
    assert OrderLine.objects.count() == 4
    assert Decimal(net_revenue()).quantize(Decimal("0.01")) == GOOD_NET
    # 17850.0 becomes account code 17850; accounts are owned by the first administrator.
    account = Account.objects.get(code="17850")
    assert account.owner == admin_user
    assert account.history.count() == 1
    assert set(Account.objects.values_list("code", flat=True)) == {"17850", "13047"}
    # A cancellation is a return: a negative line on its own order.
    cancellation = Order.objects.get(number="C536379")
    assert cancellation.lines.get().quantity == Decimal("-2")
    assert cancellation.order_date == datetime.date(2010, 12, 2)
    # Lines keep their order in the file; the product takes its name from the file.
    first = Order.objects.get(number="536365")
    assert list(first.lines.values_list("line_number", "product__code")) == [(1, "85123A"), (2, "71053")]
    assert Product.objects.get(code="85123A").name == "WHITE HANGING HEART"

    assert "Lines imported:     4" in out
    assert "Rows skipped:       4" in out
    assert "line 4" in out  # no customer
    assert "line 6: six" in out
    assert "line 7: yesterday" in out
    assert "line 8: abc" in out
    assert "lines" in err  # the progress bar


def test_skipped_rows_carry_their_reason(retail_file, admin_user):
    result = import_orders(
        source=retail_file, mapping=dict(m.split("=") for m in RETAIL_MAP), create_missing=True, owner=admin_user
    )
    assert [(skip.line, skip.reason) for skip in result.skipped] == [
        (4, SkipReason.NO_CUSTOMER),
        (6, SkipReason.BAD_QUANTITY),
        (7, SkipReason.BAD_DATE),
        (8, SkipReason.BAD_PRICE),
    ]
    assert result.rows == 8
    assert result.lines_imported + len(result.skipped) == result.rows
    assert result.net_amount == GOOD_NET


def test_importing_the_same_file_twice_adds_nothing(retail_file, admin_user):
    run(retail_file, "--map", *RETAIL_MAP, "--create-missing")
    counts = (Order.objects.count(), OrderLine.objects.count(), Account.objects.count(), Product.objects.count())

    out, _err = run(retail_file, "--map", *RETAIL_MAP, "--create-missing")

    assert (
        Order.objects.count(),
        OrderLine.objects.count(),
        Account.objects.count(),
        Product.objects.count(),
    ) == counts
    assert "Lines imported:     0" in out
    assert f"4  {SkipReason.label(SkipReason.ORDER_EXISTS)}" in out


def test_dry_run_reports_the_same_figures_and_writes_nothing(retail_file, admin_user):
    out, _err = run(retail_file, "--map", *RETAIL_MAP, "--create-missing", "--dry-run")

    assert not Order.objects.exists()
    assert not Account.objects.filter(code="17850").exists()
    assert not Product.objects.exists()
    assert "Dry run" in out
    assert "Lines imported:     4" in out
    assert "Accounts created:   2" in out
    assert "Rows skipped:       4" in out


def test_without_create_missing_unknown_accounts_and_products_are_reported(retail_file, rep):
    AccountFactory(code="17850", owner=rep)
    ProductFactory(code="85123A", unit_cost=Decimal("1.20"))

    result = import_orders(source=retail_file, mapping=dict(m.split("=") for m in RETAIL_MAP))

    assert result.lines_imported == 2  # 17850's lines of the known product 85123A
    reasons = {(skip.line, skip.reason, skip.value) for skip in result.skipped}
    assert (3, SkipReason.UNKNOWN_PRODUCT, "71053") in reasons
    assert (5, SkipReason.UNKNOWN_ACCOUNT, "13047") in reasons
    # A line without a cost column costs what its product costs.
    assert set(OrderLine.objects.values_list("unit_cost", flat=True)) == {Decimal("1.20")}


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [(".csv.gz", gzip.compress), (".csv.xz", lzma.compress)],
)
def test_compressed_files_are_read(tmp_path, admin_user, suffix, compress):
    path = tmp_path / f"retail{suffix}"
    path.write_bytes(compress(RETAIL_CSV.encode("utf-8")))
    run(path, "--map", *RETAIL_MAP, "--create-missing")
    assert OrderLine.objects.count() == 4


def test_a_chinese_gb18030_file_with_its_own_headers_needs_no_mapping(tmp_path, admin_user):
    text = "客户编号,客户名称,订单号,订单日期,产品编号,产品名称,数量,单价,成本\n"
    text += "K001,华北重工,SO-1,2026-03-01,B-10,阀门,5,120.50,80\n"
    text += "K001,华北重工,SO-1,2026-03-01,B-11,水泵,1,2000,1500\n"
    path = tmp_path / "orders.csv"
    path.write_bytes(text.encode("gb18030"))

    run(path, "--create-missing")

    assert Account.objects.get(code="K001").name == "华北重工"
    order = Order.objects.with_totals().get(number="SO-1")
    assert order.amount == Decimal("2602.50")
    assert order.profit == Decimal("702.50")  # 2602.50 − (5 × 80 + 1500)
    assert Product.objects.get(code="B-11").name == "水泵"


def test_a_windows_1252_file_with_semicolons_and_decimal_commas(tmp_path, admin_user):
    text = "Kunde;Auftrag;Datum;Artikel;Menge;Preis\n1001;A-1;24.12.2025;Crème;2;1.234,50\n"
    path = tmp_path / "orders.csv"
    path.write_bytes(text.encode("cp1252"))

    run(
        path,
        "--map",
        "account_code=Kunde",
        "order_number=Auftrag",
        "order_date=Datum",
        "product_code=Artikel",
        "quantity=Menge",
        "unit_price=Preis",
        "--create-missing",
    )

    line = OrderLine.objects.get()
    assert line.product.code == "Crème"
    assert line.unit_price == Decimal("1234.50")
    assert line.order.order_date == datetime.date(2025, 12, 24)


def test_the_encoding_can_be_given_when_detection_guesses_wrong(tmp_path, admin_user):
    text = "account_code,order_number,order_date,product_code,quantity,unit_price\nA1,1,2026-01-02,Ĳssel,3,10\n"
    path = tmp_path / "orders.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(CommandError, match="cannot be read as ascii"):
        run(path, "--create-missing", "--encoding", "ascii")
    run(path, "--create-missing", "--encoding", "utf-8")
    assert Product.objects.get().code == "Ĳssel"


def test_a_utf16_file_with_a_byte_order_mark(tmp_path, admin_user):
    text = "account_code,order_number,order_date,product_code,quantity,unit_price\nA1,1,2026-01-02,P1,3,10\n"
    path = tmp_path / "orders.csv"
    path.write_bytes(text.encode("utf-16"))
    run(path, "--create-missing")
    assert Order.objects.with_totals().get().amount == Decimal("30.00")


def test_an_excel_file_with_float_codes_and_date_cells(tmp_path, admin_user):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CustomerID", "InvoiceNo", "InvoiceDate", "StockCode", "Quantity", "UnitPrice"])
    sheet.append([17850.0, 536365, datetime.datetime(2010, 12, 1, 8, 26), "85123A", 6, 2.55])
    sheet.append([None, 536366, datetime.datetime(2010, 12, 1, 8, 28), "22633", 6, 1.85])
    path = tmp_path / "orders.xlsx"
    workbook.save(path)

    result = import_orders(source=path, create_missing=True, owner=admin_user)

    order = Order.objects.with_totals().get()
    assert (order.account.code, order.number, order.amount) == ("17850", "536365", Decimal("15.30"))
    assert [(skip.line, skip.reason) for skip in result.skipped] == [(3, SkipReason.NO_CUSTOMER)]


def test_a_missing_required_column_stops_the_import_before_anything_is_written(retail_file, tmp_path, admin_user):
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("Kunde,Auftrag,Datum,Artikel,Menge,Preis\n1001,A-1,2025-12-24,X,2,3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="order_number, order_date, product_code, quantity, unit_price"):
        run(unknown, "--map", "account_code=Kunde", "--create-missing")
    with pytest.raises(CommandError, match="Nope"):
        run(retail_file, "--map", *RETAIL_MAP, "quantity=Nope")
    assert not Order.objects.exists()


def test_create_missing_needs_someone_to_own_the_accounts(retail_file, rep):
    with pytest.raises(CommandError, match="administrator"):
        run(retail_file, "--map", *RETAIL_MAP, "--create-missing")
    run(retail_file, "--map", *RETAIL_MAP, "--create-missing", "--owner", "rep")
    assert Account.objects.get(code="13047").owner == rep


def test_the_report_file_lists_every_skipped_row(retail_file, admin_user, tmp_path):
    report = tmp_path / "skipped.csv"
    run(retail_file, "--map", *RETAIL_MAP, "--create-missing", "--report", str(report))
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "line,reason,value"
    assert [line.split(",")[0] for line in lines[1:]] == ["4", "6", "7", "8"]


def test_payment_terms_and_settled_history(retail_file, admin_user):
    out, _err = run(retail_file, "--map", *RETAIL_MAP, "--create-missing", "--payment-days", "30", "--mark-paid")

    first = Order.objects.with_totals().get(number="536365")
    assert first.due_date == datetime.date(2010, 12, 31)
    assert (first.amount, first.paid, first.outstanding) == (Decimal("35.64"), Decimal("35.64"), Decimal("0.00"))
    assert first.payments.get().paid_on == datetime.date(2010, 12, 31)
    # A cancellation (negative amount) is a credit, not a payment received.
    assert not Order.objects.get(number="C536379").payments.exists()
    assert "Payments recorded:  2" in out
    # Re-importing records no payment twice.
    run(retail_file, "--map", *RETAIL_MAP, "--create-missing", "--payment-days", "30", "--mark-paid")
    assert Payment.objects.count() == 2


def test_without_payment_options_imported_orders_are_open_and_have_no_due_date(retail_file, admin_user):
    run(retail_file, "--map", *RETAIL_MAP, "--create-missing")
    first = Order.objects.with_totals().get(number="536365")
    assert first.due_date is None
    assert first.outstanding == Decimal("35.64")
    assert not Payment.objects.exists()


def test_an_old_excel_file_is_refused_with_advice(tmp_path, admin_user):
    path = tmp_path / "orders.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old binary format")
    with pytest.raises(CommandError, match=r"save the file as \.xlsx or CSV"):
        run(path, "--create-missing")
