"""Review (township) findings 2 and 3: the case page says what the batch pages say of the household since the case
opened (a member an alert's visit found deceased), and shows 来源与材料: the alert that started the case with its
verification visit (links), the visits since the case opened and the consent on file, within the viewer's scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Department
from alerts.choices import AlertOutcome
from alerts.models import Alert
from households.choices import ConsentSigner, VisitKind
from households.models import Consent, Visit
from tests.workflow.batch_helpers import open_case
from tests.workflow.test_batch_household_news import GONE, _verified

pytestmark = pytest.mark.django_db


def _visit(household, by, on, kind=VisitKind.MONTHLY):
    return Visit.objects.create(
        household=household, region_path=household.region_path, visited_on=on, visitor=by, kind=kind
    )


def test_the_case_page_says_a_member_found_deceased_since_the_case_opened(personas, login, household_a):
    today = timezone.localdate()
    case = open_case(personas.cadre_a, household_a)
    _verified(household_a, "李秀英", outcome=AlertOutcome.DECEASED, on=today, by=personas.cadre_a)

    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert "data-household-news" in page and GONE.format(date=today) in page
    assert "请核实家庭人口和收入后再办理" in page


def test_the_case_page_shows_the_alert_its_visit_the_visits_since_and_the_consent(
    personas, login, household_a, household_b
):
    today = timezone.localdate()
    case = open_case(personas.cadre_a, household_a)
    verification = _visit(household_a, personas.cadre_a, today - dt.timedelta(days=1), VisitKind.ALERT)
    alert = _verified(household_a, "张大山", outcome=AlertOutcome.INCLUDE, on=today, by=personas.cadre_a)
    Alert.objects.filter(pk=alert.pk).update(case=case, visit=verification, department=Department.HEALTH)
    _visit(household_a, personas.cadre_a, today - dt.timedelta(days=400))  # long before the case: not listed
    _visit(household_b, personas.cadre_b, today)  # another household's
    scan = SimpleUploadedFile("consent.pdf", b"%PDF-1.4 consent", content_type="application/pdf")
    consent = Consent.objects.create(
        household=household_a,
        region_path=household_a.region_path,
        signed_on=today - dt.timedelta(days=2),
        signer=ConsentSigner.values[0],
        scan=scan,
        recorded_by=personas.cadre_a,
    )

    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()

    section = page.split("data-case-sources")[1]
    assert "部门筛查预警" in section and f'href="/alerts/{alert.pk}/"' in section
    assert "预警核实走访" in section and f"{verification.visited_on:%Y-%m-%d} 入户核实" in section
    assert f"{verification.visited_on:%Y-%m-%d} {VisitKind.ALERT.label}" in section
    assert section.count(f"/households/{household_a.pk}/?tab=visits") == 2  # the alert's visit and the list's
    assert f"{today - dt.timedelta(days=400):%Y-%m-%d}" not in section
    assert f"/households/consents/{consent.pk}/scan/" in section
    assert "基层干部排查" in section  # the cadre who opened it (the alert is linked afterwards here)


def test_without_a_consent_the_section_says_none_is_on_file(personas, login, household_a):
    case = open_case(personas.cadre_a, household_a)

    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert "尚未登记附扫描件的授权书" in page.split("data-case-sources")[1]
