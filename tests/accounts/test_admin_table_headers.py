"""The configuration site's app tables name their columns in Chinese (Django's zh_Hans leaves them in English)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_admin_index_table_headers_are_in_chinese(personas, login):
    page = login(personas.system_admin).get("/admin/").content.decode()

    assert "Model name" not in page and "Add link" not in page and "Change or view list link" not in page
    assert '<th scope="col">数据项</th>' in page and '<th scope="col">修改或查看</th>' in page
