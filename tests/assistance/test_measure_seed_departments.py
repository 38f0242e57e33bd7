"""A unit the seeds name beside a measure's lead (000 §四(三) 综合保障: 县财政局 beside 县医保局) can be made a
co-department on the configuration site, and the measure then given to it by the API, named in Chinese."""

import pytest

from accounts.choices import Department
from assistance.catalogue import allowed_departments
from assistance.models import MeasureType, PlanMeasure
from tests.assistance.test_measure_co_departments import add_by_api, admin_edit, plan  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_seed_unit_made_a_co_department_is_given_the_measure(personas, login, plan):  # noqa: F811
    subsidy = MeasureType.objects.get(code="medical_insurance_subsidy")
    co = [*subsidy.co_departments, Department.FINANCE]

    response = admin_edit(personas, login, subsidy, co_departments=co)

    assert response.status_code == 302, response.content.decode()[:2000]
    subsidy.refresh_from_db()
    assert Department.FINANCE in allowed_departments(subsidy)
    response = add_by_api(login(personas.township), plan, "medical_insurance_subsidy", "finance")
    assert response.status_code == 201, response.content.decode()
    measure = PlanMeasure.objects.get(measure_type=subsidy)
    assert (measure.get_responsible_department_display(), measure.responsible_unit) == ("财政局", "财政局")
