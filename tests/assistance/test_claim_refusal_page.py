"""Review alrt 4: 防贫保 pays only the three monitored categories (DOMAIN.md "Assistance"). For a household that
cannot claim, the claim page says why and leads back to the plan, with no form and no 申报 button; the API still
refuses with the same words."""

import pytest

from assistance.services.claims import MSG_NOT_ELIGIBLE
from tests.clock import today

pytestmark = pytest.mark.django_db


def test_the_claim_page_of_a_household_that_cannot_claim_shows_no_form(personas, login, household_a):
    client = login(personas.cadre_a)
    url = f"/assistance/households/{household_a.pk}/claims/new/"

    page = client.get(url).content.decode()

    assert MSG_NOT_ELIGIBLE in page
    assert "<form" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    assert ">申报</button>" not in page
    assert f'<a href="/assistance/households/{household_a.pk}/" data-back>← 返回帮扶方案</a>' in page
    posted = client.post(url, {"cause": "illness", "amount": "3000", "occurred_on": today().isoformat()})
    assert posted.status_code == 200 and MSG_NOT_ELIGIBLE in posted.content.decode()


def test_the_claim_page_of_a_monitored_a_keeps_its_form(personas, login, monitored_a):
    page = login(personas.cadre_a).get(f"/assistance/households/{monitored_a.pk}/claims/new/").content
    assert ">申报</button>" in page.decode()
