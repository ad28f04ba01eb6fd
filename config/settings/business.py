"""The business rules that are settings rather than records, each read once here with its one
default and listed in the README's configuration table; code reads ``settings.NAME`` (the
credit policy through ``credit.conf.policy()``)."""

from __future__ import annotations

from decimal import Decimal

from ..env import env, read, strict_bool

# --- Customer archive -------------------------------------------------------------------

# A section of an account's file not updated for this many days is marked stale.
ARCHIVE_STALE_DAYS = read("ARCHIVE_STALE_DAYS", env.int, default=180)
# Coverage warns about a decision-maker who left or changed role within this many days.
COVERAGE_RECENT_DAYS = read("COVERAGE_RECENT_DAYS", env.int, default=90)
# An account plan is reviewed this often unless the plan sets its own cadence (quarterly).
PLANS_REVIEW_EVERY_WEEKS = read("PLANS_REVIEW_EVERY_WEEKS", env.int, default=13)
# Plan health: a text section of the plan empty or not updated for this many days is stale.
PLANS_STALE_SECTION_DAYS = read("PLANS_STALE_SECTION_DAYS", env.int, default=90)

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
# The working calendar visit plans and due dates follow (visits/workdays.py): "weekends"
# (Monday to Friday), "chinese" (mainland China's public holidays and 调休 make-up workdays,
# from the chinese-calendar package) or the dotted path of a class or function of your own.
WORKING_CALENDAR = read("WORKING_CALENDAR", env.str, default="weekends")
# Care reminders (节日问候): the working calendar's holidays a rep is told about, listing the
# contacts they look after, this many days before (chinese-calendar's holiday keys).
VISITS_CARE_HOLIDAYS = frozenset(
    read(
        "VISITS_CARE_HOLIDAYS",
        env.list,
        default=["new_years_day", "spring_festival", "dragon_boat_festival", "mid_autumn_festival", "national_day"],
    )
)
VISITS_CARE_REMINDER_DAYS = read("VISITS_CARE_REMINDER_DAYS", env.int, default=7)
# Visit check-in: a rep logging a visit may share the phone's position (after ticking consent),
# stored with the distance to the account's location; within this many metres counts as on site.
VISITS_CHECK_IN = strict_bool("VISITS_CHECK_IN", default=False)
VISITS_CHECK_IN_RADIUS_M = read("VISITS_CHECK_IN_RADIUS_M", env.int, default=500)
# Overrides of the credit policy's defaults (credit/conf.py), as a settings module of your own
# sets them: investigation weights, ratings, the suggested-limit rule, review thresholds and
# the bad-debt split. Admins change the policy in force on its page, over these.
CREDIT_POLICY = {}
