"""An example nightly ERP sync through the CRM's REST API (see the README's "REST API").

It reads two CSV exports of the ERP and sends each document with PUT …/by-external-id/…,
so it can be run again — after a failure half-way, or every night over the same month —
without creating anything twice: the CRM answers 201 for a document it records, 200 for one
it already has, 409 when the ERP sends an id it knows with other contents (reported, not
retried: an order is cancelled or returned on its page, not rewritten).

    orders.csv    external_id,account,number,order_date,product,quantity,unit_price
                  (one row per line; the lines of one order share its external_id;
                  unit_price may be empty for the list price)
    payments.csv  external_id,order_external_id,amount,paid_on

    CRM_URL=https://crm.example.com CRM_TOKEN=kac_… python erp_sync.py orders.csv payments.csv

Only the standard library: copy it next to the ERP's export job and adapt the columns.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ.get("CRM_URL", "http://localhost:8000").rstrip("/") + "/api/v1"
TOKEN = os.environ.get("CRM_TOKEN", "")


def call(method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """One request; waits and tries again when throttled (429) or the server is busy (503)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    for attempt in range(5):
        # http(s) only: CRM_URL is checked at start-up.
        request = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            if error.code in (429, 503) and attempt < 4:
                time.sleep(int(error.headers.get("Retry-After") or 2**attempt))
                continue
            return error.code, json.loads(error.read() or b"{}")
    raise RuntimeError("unreachable")


def quoted(external_id: str) -> str:
    return urllib.parse.quote(external_id, safe="")


def sync_orders(path: str) -> dict[str, int]:
    counts = {"created": 0, "unchanged": 0, "refused": 0}
    with open(path, newline="", encoding="utf-8") as file:
        rows = sorted(csv.DictReader(file), key=lambda row: row["external_id"])
    for external_id, lines in itertools.groupby(rows, key=lambda row: row["external_id"]):
        lines = list(lines)
        first = lines[0]
        order = {
            "account": int(first["account"]),
            "number": first["number"],
            "order_date": first["order_date"],
            "lines": [
                {"product": int(line["product"]), "quantity": line["quantity"]}
                | ({"unit_price": line["unit_price"]} if line["unit_price"] else {})
                for line in lines
            ],
        }
        status, answer = call("PUT", f"/orders/by-external-id/{quoted(external_id)}/", order)
        if status in (200, 201):
            counts["created" if status == 201 else "unchanged"] += 1
            if answer.get("status") == "on_hold":
                print(f"order {external_id}: on credit hold — {answer['credit_hold']['message']}")
        else:
            counts["refused"] += 1
            print(f"order {external_id}: {status} {answer}", file=sys.stderr)
    return counts


def sync_payments(path: str) -> dict[str, int]:
    counts = {"created": 0, "unchanged": 0, "refused": 0}
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            status, order = call("GET", f"/orders/by-external-id/{quoted(row['order_external_id'])}/")
            if status == 200:
                payment = {"order": order["id"], "amount": row["amount"], "paid_on": row["paid_on"]}
                status, answer = call("PUT", f"/payments/by-external-id/{quoted(row['external_id'])}/", payment)
            else:
                answer = order
            if status in (200, 201):
                counts["created" if status == 201 else "unchanged"] += 1
            else:
                counts["refused"] += 1
                print(f"payment {row['external_id']}: {status} {answer}", file=sys.stderr)
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 3 or not TOKEN or not BASE.startswith(("http://", "https://")):
        sys.exit(__doc__)
    print("orders:", sync_orders(sys.argv[1]))
    print("payments:", sync_payments(sys.argv[2]))
