"""A file that is plainly no CSV or Excel workbook is refused when it is uploaded (alerts.ingest.sniff), by the API
with a 400 and by the upload page at its field; nothing is stored, listed as pending or counted as sent."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from alerts.ingest.sniff import MSG_NOT_TEXT
from alerts.models import FeedUpload
from households.registry_import.reader import MSG_BROKEN_XLSX, MSG_ENCODING, MSG_FORMAT, MSG_OLD_XLS
from tests.alerts.conftest import csv_file, feed, header_of, xlsx_file

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


def _rows(people):
    return [["张大山", people["zhang"].id_number, "未参保", "10"]]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("名单.txt", "姓名,身份证号\n张三,1\n".encode("gbk"), MSG_FORMAT),
        ("名单.docx", b"PK\x03\x04 a word document", MSG_FORMAT),
        ("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", MSG_OLD_XLS),
        ("名单.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel renamed", MSG_OLD_XLS),
        ("名单.xlsx", "姓名,身份证号\n".encode(), MSG_BROKEN_XLSX),
        ("名单.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", MSG_NOT_TEXT),
        ("名单.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", MSG_NOT_TEXT),
        ("名单.csv", "姓名,身份证号\r\n".encode("utf-16"), MSG_ENCODING),
    ],
)
def test_the_api_refuses_a_file_that_is_plainly_no_table_at_once(clerks, login, name, content, message):
    client = login(clerks["health"])

    response = client.post(
        "/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 400, response.content
    assert response.json()["file"] == [message]
    assert not FeedUpload.objects.exists()


def test_the_upload_page_refuses_a_txt_at_the_file_field(clerks, login):
    client = login(clerks["health"])
    upload = SimpleUploadedFile("名单.txt", "姓名,身份证号\n".encode("gbk"))

    page = client.post("/alerts/uploads/", {"feed_type": feed(CODE).pk, "file": upload})

    assert page.status_code == 200 and MSG_FORMAT in page.content.decode()
    assert 'accept=".csv,.xlsm,.xlsx"' in client.get("/alerts/uploads/").content.decode()
    assert not FeedUpload.objects.exists()


@pytest.mark.parametrize("kind", ["gbk", "utf-8", "utf-8-sig", "xlsx", "xlsx named csv"])
def test_csv_in_each_accepted_encoding_and_workbooks_are_still_taken(clerks, people, login, kind):
    client = login(clerks["health"])
    if kind.startswith("xlsx"):
        upload = xlsx_file(_rows(people), header=header_of(CODE), name="feed.csv" if "csv" in kind else "feed.xlsx")
    else:
        upload = csv_file(_rows(people), header=header_of(CODE), encoding=kind)

    response = client.post("/api/v1/feed-uploads/", {"feed_type": feed(CODE).pk, "file": upload})

    assert response.status_code == 201, response.content
