"""The configuration site's 部门数据类型 list says each feed's cadence with its day or N, in the words of the county's
feed types page (FeedType.cadence_text: 每月5日前报送上月数据), not the kind alone (每月按截止日报送上月数据)."""

import pytest

from alerts.models import FeedType

pytestmark = pytest.mark.django_db


def test_the_feed_type_list_says_the_real_day_and_number_of_days(personas, login):
    page = login(personas.system_admin).get("/admin/alerts/feedtype/").content.decode()

    monthly = FeedType.objects.get(code="health-uninsured-cost")
    within = FeedType.objects.filter(cadence="within_days", is_active=True).first()
    assert monthly.cadence_text() == "每月5日前报送上月数据"
    assert '<td class="field-cadence_shown">每月5日前报送上月数据</td>' in page
    assert f'<td class="field-cadence_shown">{within.cadence_text()}</td>' in page
    assert 'field-cadence_shown">每月按截止日报送上月数据' not in page
    assert 'field-cadence_shown">事件发生后限期推送' not in page
