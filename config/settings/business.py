"""The business rules that are settings rather than records, each read once here with its one
default and listed in the README's configuration table; code reads ``settings.NAME`` (the
credit policy through ``credit.conf.policy()``)."""

from __future__ import annotations

from decimal import Decimal

from ..env import env, read

# --- Customer archive -------------------------------------------------------------------

# A section of an account's file not updated for this many days is marked stale.
ARCHIVE_STALE_DAYS = read("ARCHIVE_STALE_DAYS", env.int, default=180)
# Coverage warns about a decision-maker who left or changed role within this many days.
COVERAGE_RECENT_DAYS = read("COVERAGE_RECENT_DAYS", env.int, default=90)

# --- Business rules that are not edited in the app ----------------------------------------
# (Tier thresholds, scoring criteria and weights, visit cadences and holidays are; so is the
# credit policy, over CREDIT_POLICY below, itself over credit/conf.py's defaults.)

# A product whose known margin is at least this counts as high-profit (高利润产品).
DEALS_HIGH_PROFIT_MARGIN = read(
    "DEALS_HIGH_PROFIT_MARGIN", lambda name, default: Decimal(env.str(name, default)), default="0.40"
)
# An account with no cadence for its tier and level is due for a visit this often.
VISITS_DEFAULT_CADENCE_DAYS = read("VISITS_DEFAULT_CADENCE_DAYS", env.int, default=30)
# A suggested plan puts at most this many visits on one day.
VISITS_PER_DAY = read("VISITS_PER_DAY", env.int, default=6)
# A complaint resolved to the customer's satisfaction within this many days was handled
# "quickly and well".
VISITS_QUICK_RESOLUTION_DAYS = read("VISITS_QUICK_RESOLUTION_DAYS", env.int, default=3)
# Reminders: a follow-up this many days overdue, a contact's birthday this many days ahead,
# a credit review due within this many days.
VISITS_FOLLOW_UP_GRACE_DAYS = read("VISITS_FOLLOW_UP_GRACE_DAYS", env.int, default=7)
VISITS_BIRTHDAY_LOOKAHEAD_DAYS = read("VISITS_BIRTHDAY_LOOKAHEAD_DAYS", env.int, default=7)
VISITS_CREDIT_REVIEW_REMINDER_DAYS = read("VISITS_CREDIT_REVIEW_REMINDER_DAYS", env.int, default=7)
# Overrides of the credit policy's defaults (credit/conf.py), as a settings module of your own
# sets them: investigation weights, ratings, the suggested-limit rule, review thresholds and
# the bad-debt split. Admins change the policy in force on its page, over these.
CREDIT_POLICY = {}
