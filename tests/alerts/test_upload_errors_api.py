"""GET /api/v1/feed-uploads/{id}/errors/: the error workbook an upload's message tells its uploader to download
(请下载错误清单), with a token, as the page gives it to a browser (whose /alerts/uploads/<id>/errors/ a token
cannot reach: a 302 to the login page). The same rule as the page: the uploading department's clerks and the county
bureau; another department's upload is a 404, a read-only role a 403."""

import pytest
from django.test import Client

from accounts.tokens import token_for
from alerts.access import MSG_ERRORS_NOT_YOURS
from alerts.api_upload_rows import MSG_NO_ERROR_FILE, XLSX
from alerts.models import FeedUpload
from tests.alerts.test_upload_errors_access import uploaded  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def with_token(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token_for(user).key}")


def url(upload) -> str:
    return f"/api/v1/feed-uploads/{upload.pk}/errors/"


def test_the_uploading_clerk_downloads_the_workbook_with_a_token(uploaded, clerks, personas):  # noqa: F811
    for user in (clerks["health"], personas.county_officer):
        client = with_token(user)
        assert client.get(f"/api/v1/feed-uploads/{uploaded.pk}/").json()["has_error_file"] is True

        response = client.get(url(uploaded))

        assert response.status_code == 200, (user.username, response.status_code)
        assert response["Content-Type"] == XLSX and "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content)[:2] == b"PK"  # an xlsx is a zip


def test_another_department_and_read_only_roles_cannot(uploaded, clerks, personas):  # noqa: F811
    assert with_token(clerks["civil_affairs"]).get(url(uploaded)).status_code == 404
    refused = with_token(personas.official).get(url(uploaded))
    assert refused.status_code == 403 and refused.json()["detail"] == MSG_ERRORS_NOT_YOURS


def test_an_upload_without_an_error_list_is_a_404_saying_so(uploaded, clerks):  # noqa: F811
    FeedUpload.objects.filter(pk=uploaded.pk).update(error_file="")

    response = with_token(clerks["health"]).get(url(uploaded))

    assert response.status_code == 404 and response.json()["detail"] == MSG_NO_ERROR_FILE
