"""Review of the cadre's phone journey, finding 2: the ID/phone check on 反馈报送部门的说明 ran only once the rest of
the verification form was valid (in the service), so a phone user corrected the form twice. The form now checks it
in its own round with the other fields (alerts.forms_verify.VerifyForm.clean), and the service keeps its check."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from alerts.models import Alert
from alerts.services.department_note import MSG_NOTE_ID_NUMBER, MSG_NOTE_PHONE
from alerts.services.verification import MSG_WRONG_DATA_NOTE, note_required_message
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"


@pytest.fixture
def alert(clerks, people):
    rows = [["张大山", people["zhang"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())
    return Alert.objects.get(person_name="张大山")


NOTE = "经入户核实，家庭收入稳定，暂无返贫致贫风险。"


def field_error(message: str) -> str:
    """The message as said at its field (partials/field.html), not as the page's pre-checks carry it."""
    return f'<p class="field-error">{escape(message)}</p>'


def post(login, personas, alert, **fields):
    body = {"outcome": "not_at_risk", "note": NOTE, "visited_on": timezone.localdate().isoformat(), **fields}
    return login(personas.cadre_a).post(f"/alerts/{alert.pk}/", body)


def test_a_phone_number_in_the_department_note_is_said_with_the_other_errors(personas, login, alert):
    # 核实情况 left empty (a field's own error) and a phone number in the department's note.
    response = post(login, personas, alert, note="", department_note="有事请联系 138 0000 1111")

    page = response.content.decode()
    assert response.status_code == 200
    assert field_error(note_required_message("not_at_risk")) in page
    assert field_error(MSG_NOTE_PHONE) in page  # both in one round
    alert.refresh_from_db()
    assert alert.status == "pending"


def test_an_id_number_is_refused_at_the_field_even_when_the_rest_is_valid(personas, login, alert, people):
    note = f"身份证号 {people['zhang'].id_number} 与姓名不符"

    response = post(login, personas, alert, department_note=note)

    page = response.content.decode()
    assert response.status_code == 200 and field_error(MSG_NOTE_ID_NUMBER) in page
    alert.refresh_from_db()
    assert alert.status == "pending"


def test_wrong_data_without_a_department_note_is_said_with_the_other_errors(personas, login, alert):
    page = post(login, personas, alert, outcome="wrong_data", note="", department_note="").content.decode()

    assert field_error(note_required_message("wrong_data")) in page and field_error(MSG_WRONG_DATA_NOTE) in page


def test_registry_words_are_said_with_the_other_errors_too(personas, login, alert):
    page = post(login, personas, alert, note="", department_note="该户是低保户").content.decode()

    assert field_error(note_required_message("not_at_risk")) in page and "“低保”" in page
    assert 'id="id_department_note_error"' in page
