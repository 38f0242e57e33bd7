"""核实不纳入 may not confirm “三保障”和饮水安全无问题 for a household whose record says one of them is not secured
(review finding: a household with 饮水安全有保障=否 was dismissed with the box ticked and kept its 饮水不安全 badge):
the record is corrected first, naming the field, or the household is proposed for monitoring."""

import pytest

from households.models import Household
from screening.choices import ResultStatus, RunKind
from screening.models import ScreeningResult
from screening.services.runs import screening_run
from tests.screening.dismissing import dismiss_form

pytestmark = pytest.mark.django_db

SAID = (
    "该户档案记载“饮水安全有保障”为“否”，与勾选的“三保障”和饮水安全无问题不符：入户核实问题已解决的，请先在户档案中将"
    "“饮水安全有保障”改为“是”；问题仍在的，应提议纳入监测。"
)


@pytest.fixture
def hit(line, make_household):
    household = make_household("1251.50")
    screening_run(kind=RunKind.NIGHTLY)
    return ScreeningResult.objects.get(household=household)


def test_a_dismissal_contradicting_the_household_record_is_refused_until_it_is_corrected(hit, personas, login):
    Household.objects.filter(pk=hit.household_id).update(water_ok=False)
    client = login(personas.township)

    page = client.post(f"/screening/results/{hit.pk}/dismiss/", dismiss_form()).content.decode()
    api = client.post(f"/api/v1/screening-results/{hit.pk}/dismiss/", dismiss_form())

    assert SAID in page
    assert api.status_code == 400 and SAID in str(api.json())
    hit.refresh_from_db()
    assert hit.status == ResultStatus.HIT

    Household.objects.filter(pk=hit.household_id).update(water_ok=True)
    client.post(f"/screening/results/{hit.pk}/dismiss/", dismiss_form())

    hit.refresh_from_db()
    assert hit.status == ResultStatus.DISMISSED
