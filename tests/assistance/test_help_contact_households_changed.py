"""POST /help-contacts/ says how many households it corrected (households_changed): before, a new assignment, which
corrects nothing, said 1."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/assistance/help-contacts/"
PERSON = {"person_name": "王小明", "person_unit": "县农业农村局", "person_phone": "13800138000"}


def test_a_new_assignment_changes_no_household_and_a_correction_counts_its_households(personas, login, monitored_a):
    client = login(personas.township)

    new = client.post(URL, {"household": monitored_a.pk, **PERSON}, content_type="application/json")
    corrected = client.post(
        URL, {"household": monitored_a.pk, **PERSON, "person_phone": "13900001111"}, content_type="application/json"
    )

    assert new.status_code == 201, new.content.decode()
    assert (new.json()["corrected"], new.json()["households_changed"]) == (False, 0)
    assert corrected.status_code == 200, corrected.content.decode()
    assert (corrected.json()["corrected"], corrected.json()["households_changed"]) == (True, 1)
