"""Today's date for tests, asked for when a test runs, never when its module is imported.

A date taken at import (a module constant such as TODAY = timezone.localdate()) is yesterday's by the time a test
runs after midnight (Asia/Shanghai), and the app, which asks for today when it runs, then disagrees with the test.
tests/config/test_no_import_time_dates.py refuses such constants."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """Today in the project's time zone (Asia/Shanghai), the day the app's timezone.localdate() gives."""
    return timezone.localdate()


def this_year() -> int:
    return today().year
