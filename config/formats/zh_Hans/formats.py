"""Simplified Chinese: 2026年12月2日, and amounts grouped by thousands as Chinese finance prints
them (117,271,521.78; Django's own module prints them ungrouped); large figures in 万 and 亿."""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"  # Django's "m月j日" gives 09月5日
FIRST_DAY_OF_WEEK = 1
# A date field's value is ISO first: <input type="date"> only takes 2026-12-02, and the first
# input format is the one Django renders a form's initial date with.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
COMPACT_UNITS = [(10**8, "亿"), (10**4, "万")]
