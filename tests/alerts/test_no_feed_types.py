"""A department with no feed type to send (发改局, 工信局: their clerks carry measures only) is offered no upload: no
部门数据上传 tile, no 数据上传 in the nav, and the upload page says so instead of an empty 数据类型 list with 上传 and
零报告 buttons. A department with feed types keeps all three."""

import pytest

from accounts.choices import Department

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dept", [Department.DEVELOPMENT_REFORM, Department.INDUSTRY_IT])
def test_a_department_without_feed_types_is_offered_no_upload(dept, clerks, login):
    client = login(clerks[dept])

    home = client.get("/").content.decode()
    page = client.get("/alerts/uploads/").content.decode()
    outcomes = client.get("/alerts/outcomes/").content.decode()

    assert "部门数据上传" not in home and 'href="/alerts/uploads/"' not in home
    assert 'href="/alerts/uploads/"' not in outcomes and "本部门预警的核实结果" in outcomes
    assert "本部门没有需要报送的数据类型。" in page
    assert 'id="upload-form"' not in page and "零报告" not in page


def test_a_department_with_feed_types_keeps_the_upload(clerks, login):
    client = login(clerks[Department.HEALTH])

    home = client.get("/").content.decode()
    page = client.get("/alerts/uploads/").content.decode()
    outcomes = client.get("/alerts/outcomes/").content.decode()

    assert "部门数据上传" in home and 'href="/alerts/uploads/"' in home
    assert 'href="/alerts/uploads/"' in outcomes
    assert 'id="upload-form"' in page and "本部门没有需要报送的数据类型" not in page
