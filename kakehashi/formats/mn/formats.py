"""Mongolian, in the standard written form: 2026 оны 12 сарын 6, 14:00, 3,578,939."""

# Cyrillic letters are not Django format characters, so they are printed as they are.
DATE_FORMAT = "Y оны n сарын j"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y оны n сарын j, H:i"
YEAR_MONTH_FORMAT = "Y оны n сар"
MONTH_DAY_FORMAT = "n сарын j"
SHORT_DATE_FORMAT = "Y.m.d"
SHORT_DATETIME_FORMAT = "Y.m.d H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
