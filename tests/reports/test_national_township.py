"""000 §三(三)6: the township enters the approved households in the national system and marks them, for its own
households only (review township finding 7b)."""

import pytest

from reports.models import ExportMark
from reports.services.national import MSG_NOT_ALLOWED, REASON_MISSING

pytestmark = pytest.mark.django_db


def test_the_township_marks_its_own_households(personas, cases, login):
    client = login(personas.township)

    page = client.get("/reports/national/").content.decode()
    response = client.post("/reports/national/mark/", {"case": [cases.d1_in.pk]}, follow=True)

    assert f'name="case" value="{cases.d1_in.pk}"' in page and "标注所选为已在国家系统录入" in page
    assert "已标注 1 户" in response.content.decode()
    assert ExportMark.objects.get(case=cases.d1_in).marked_by == personas.township


def test_the_township_cannot_mark_another_township_s_household(personas, cases, login):
    response = login(personas.township).post("/reports/national/mark/", {"case": [cases.included.pk]}, follow=True)

    assert REASON_MISSING in response.content.decode()
    assert not ExportMark.objects.exists()
    api = login(personas.township).post(
        "/api/v1/reports/national/", {"cases": [cases.included.pk]}, content_type="application/json"
    )
    assert api.status_code == 400 and not ExportMark.objects.exists()


def test_a_read_only_official_still_may_not_mark(personas, cases, login):
    page = login(personas.official).get("/reports/national/").content.decode()
    response = login(personas.official).post("/reports/national/mark/", {"case": [cases.included.pk]})

    assert 'name="case"' not in page and "标注由乡镇或县乡村振兴局工作人员办理" in page
    assert response.status_code == 403 and MSG_NOT_ALLOWED in response.content.decode()
