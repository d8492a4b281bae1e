"""English formats: one date format everywhere, the day written out ("1 July 2025"), so that
neither 11/16/2023 nor 01/07/2025 can be misread."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATETIME_FORMAT = "j F Y H:i"
