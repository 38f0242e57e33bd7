import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import Department, Role
from alerts.ingest.services import feed_upload_create, feed_upload_run
from alerts.models import FeedType, FeedUpload
from alerts.periods import period_for_upload
from households import idnumber
from tests.factories import HouseholdFactory, MemberFactory, UserFactory
from tests.screening.conftest import line, make_household  # noqa: F401 (fixtures: screening a feed's households)

TODAY = dt.date(2026, 11, 3)  # a Tuesday; monthly feeds report October, due 5 November
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def pid(birth: dt.date, sequence: int, division: str = "360425") -> str:
    return idnumber.make(division, birth, sequence)


def bad_check(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def install_feed_presets() -> None:
    """The seeded feed types (migration 0002), present even after a transactional test's flush emptied them."""
    from alerts.models import AlertRule, FeedColumn
    from alerts.presets import EXCLUSION_FEEDS, load_presets

    load_presets(FeedType, FeedColumn, AlertRule)
    load_presets(FeedType, FeedColumn, AlertRule, feeds=EXCLUSION_FEEDS)


@pytest.fixture(autouse=True)
def _feed_presets(request):
    if {"db", "transactional_db"} & set(request.fixturenames) or request.node.get_closest_marker("django_db"):
        install_feed_presets()


@pytest.fixture
def clerks(county):
    def make(username: str, department: str):
        return UserFactory(
            username=username,
            role=Role.DEPARTMENT_CLERK,
            region_path=county.county.path,
            region_name=county.county.name,
            department=department,
        )

    return {d: make(f"clerk_{d}", d) for d in Department.values}


@pytest.fixture
def people(county):
    """Three registered persons: two in village A (one household), one in village C (another township)."""
    h1 = HouseholdFactory(village=county.village_a, head_name="张大山")
    h2 = HouseholdFactory(village=county.village_c, head_name="王五")
    return {
        "zhang": MemberFactory(household=h1, name="张大山", id_number=pid(dt.date(1968, 3, 12), 11)),
        "li": MemberFactory(household=h1, name="李秀英", relation="spouse", id_number=pid(dt.date(1970, 7, 2), 22)),
        "wang": MemberFactory(household=h2, name="王五", id_number=pid(dt.date(1950, 6, 6), 21)),
    }


def feed(code: str) -> FeedType:
    return FeedType.objects.get(code=code)


def header_of(code: str) -> list[str]:
    return [c.header for c in feed(code).columns.order_by("order", "id")]


def csv_file(rows: list[list], *, header: list[str], encoding: str = "gbk", title: str = "", name: str = "feed.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    if title:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def xlsx_file(rows: list[list], *, header: list[str], title: str = "", name: str = "feed.xlsx", merge: bool = True):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        if merge:
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def ingest(actor, code: str, upload, today: dt.date = TODAY, period: str | None = None) -> FeedUpload:
    """Upload and run a file. It reports `period`, or the current one (what an upload by its deadline reports):
    the service's own default is the oldest period missed, and few tests are about that."""
    key = period if period is not None else period_for_upload(feed(code), today).key
    record = feed_upload_create(
        actor=actor, feed_type=feed(code), upload=upload, period_key=key, today=today, enqueue=False
    )
    return feed_upload_run(upload_id=record.pk, today=today)


def error_reasons(record: FeedUpload) -> dict[int, str]:
    sheet = openpyxl.load_workbook(record.error_file.path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    number, reason = header.index("行号"), header.index("错误原因")
    return {row[number]: row[reason] for row in rows[1:]}
