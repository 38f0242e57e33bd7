"""The village's printed 帮扶措施公示 carries the 监督电话 the county bureau set (households.services.region_phones):
the township's, else the county's; none set keeps the line to fill in by hand."""

import pytest

from households.models import Region

pytestmark = pytest.mark.django_db


def test_the_measure_notice_prints_the_townships_phone_else_the_countys(personas, login, county):
    url = f"/assistance/publicity/{county.village_a.code}/print/"
    client = login(personas.cadre_a)
    assert "监督电话：＿＿＿＿＿＿＿＿" in client.get(url).content.decode()

    Region.objects.filter(pk=county.county.pk).update(supervision_phone="12317")
    assert "监督电话：12317" in client.get(url).content.decode()

    Region.objects.filter(pk=county.township.pk).update(supervision_phone="0792-3221234")
    assert "监督电话：0792-3221234" in client.get(url).content.decode()
