"""Review of the cadre's phone journey, finding 3: the case page's 案件来源 listed two alerts on two members of the
household alike ("部门筛查预警 卫生健康委员会：新增大病患者"), and the case's record named the same feed
"卫生健康委员会：卫健部门预警". Each source now names the member it was about (the ID number masked as the viewer's role
requires) and the feed as the record does (alerts.case_sources)."""

import pytest
from django.utils import timezone

from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.services.verification import alert_verify
from households.idnumber import mask
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"  # 卫健 新增大病患者
FEED = "卫生健康委员会：卫健部门预警"


@pytest.fixture
def case(personas, clerks, people):
    """张大山's alert opened the case (纳入监测); 李秀英's, of the same feed, joined it."""
    on = timezone.localdate()
    rows = [[p.name, p.id_number, "恶性肿瘤", on.isoformat()] for p in (people["zhang"], people["li"])]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=on)
    alerts = {a.person_name: a for a in Alert.objects.all()}
    verify = {
        "actor": personas.cadre_a,
        "outcome": AlertOutcome.INCLUDE,
        "visited_on": on,
        "note": "入户核实，情况属实",
    }

    opened = alert_verify(alert=alerts["张大山"], category="sudden_hardship", **verify)
    alert_verify(alert=alerts["李秀英"], **verify)
    return opened.case


def sources(page: str) -> str:
    return page.split("data-sources", 1)[1].split("</ul>", 1)[0]


def test_each_alert_names_its_member_and_the_feed_as_the_case_record_does(personas, login, people, case):
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    listed = sources(page)
    zhang, li = people["zhang"], people["li"]
    assert f"{FEED} · 预警对象 张大山（{zhang.id_number}）" in listed
    assert f"{FEED} · 预警对象 李秀英（{li.id_number}）" in listed
    assert "新增大病患者" not in listed
    log = page.split("data-case-sources", 1)[1]
    assert f"并入部门预警（{FEED}）" in log  # the record's name is the sources' name


def test_a_role_that_sees_numbers_masked_reads_them_masked(personas, login, people, case):
    page = login(personas.official).get(f"/workflow/cases/{case.pk}/").content.decode()

    listed = sources(page)
    zhang = people["zhang"]
    assert f"预警对象 张大山（{mask(zhang.id_number)}）" in listed and zhang.id_number not in listed
