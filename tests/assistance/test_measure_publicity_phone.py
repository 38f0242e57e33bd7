"""The village's printed 帮扶措施公示 carries the 监督电话 the county bureau set (households.services.region_phones):
each under the name of the body it belongs to: the township's beside 涂埠镇人民政府, and where the township has none
its blank line, then the county's beside 永修县乡村振兴部门; none set keeps the line to fill in by hand."""

import pytest

from households.models import Region

pytestmark = pytest.mark.django_db


def test_the_measure_notice_prints_the_townships_phone_else_the_countys(personas, login, county):
    url = f"/assistance/publicity/{county.village_a.code}/print/"
    client = login(personas.cadre_a)
    assert "监督电话：＿＿＿＿＿＿＿＿" in client.get(url).content.decode()

    Region.objects.filter(pk=county.county.pk).update(supervision_phone="12317")
    assert (
        "可向城南村村民委员会或涂埠镇人民政府反映（监督电话：＿＿＿＿＿＿＿＿），"
        "或向永修县乡村振兴部门反映（监督电话：12317）。" in client.get(url).content.decode()
    )

    Region.objects.filter(pk=county.township.pk).update(supervision_phone="0792-3221234")
    page = client.get(url).content.decode()
    assert "涂埠镇人民政府反映（监督电话：0792-3221234）。" in page and "永修县乡村振兴部门" not in page
