"""English: ISO dates (2026-12-02) rather than Django's American m/d/Y, comma-grouped thousands."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
FIRST_DAY_OF_WEEK = 1  # Monday, as the visit plan's weeks
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# Large figures where space is tight (``compact_money``): the biggest unit the amount reaches.
COMPACT_UNITS = [(10**9, "B"), (10**6, "M"), (10**3, "K")]
