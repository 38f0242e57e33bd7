"""The household's visit page counted as the return visit, posted twice (a double tap, a phone resending): one
household visit and one return visit (config.once: the visit page's token gives back the visit recorded first,
already counted as the return visit)."""

import pytest

from assistance.models import ReturnVisit
from assistance.services import contacts, plans
from households.models import Visit
from tests.assistance.measured import measured
from tests.assistance.page_forms import page_form

pytestmark = pytest.mark.django_db


def test_the_visit_page_counted_as_the_return_visit_posted_twice_records_one_of_each(personas, login, monitored_a):
    plan = measured(plans.plan_create(actor=personas.township, household=monitored_a))
    contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_a)
    url = f"/households/{plan.household_id}/visits/new/"
    cadre = login(personas.cadre_a)
    form = page_form(cadre.get(url).content.decode(), having="return-as_return_visit")
    form.update({"kind": "monthly", "notes": "家中正常", "return-effect": "good", "return-note": "已务工"})

    first, second = cadre.post(url, form), cadre.post(url, form)

    assert first.status_code == second.status_code == 302
    assert Visit.objects.filter(household=plan.household).count() == 1
    assert ReturnVisit.objects.filter(plan=plan).count() == 1
