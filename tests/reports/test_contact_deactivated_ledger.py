"""A help contact whose account is deactivated (who has left) is marked in the ledgers' 帮扶联系人 column, as the
pages say 已停用，需调整: an office reading 应走访未走访农户清单 or 监测对象台账 knows whom to replace. Opened in
LibreOffice as an office would."""

import pytest

from accounts.choices import Role
from assistance.services import contacts
from tests.factories import UserFactory
from tests.reports.conftest import download, ledger_table, libreoffice_csv, read_xlsx

pytestmark = pytest.mark.django_db


def _contact_cell(client, code, head_name, *, office=False):
    data = download(client.post("/reports/export/", {"ledger": code}))
    header, rows = ledger_table(libreoffice_csv(data) if office else read_xlsx(data))
    row = next(r for r in rows if r[header.index("户主姓名")] == head_name)
    return row[header.index("帮扶联系人")]


@pytest.mark.parametrize("code", ["unvisited", "monitored_households"])
def test_a_deactivated_contact_is_marked_in_the_ledgers(personas, registry, login, county, code):
    left = UserFactory(
        username="zhou_jj", last_name="周", first_name="建军", role=Role.COUNTY_OFFICER, region_path=county.county.path
    )
    contacts.help_contact_assign(actor=personas.township, household=registry.a1, contact=left)
    client = login(personas.county_officer)
    assert _contact_cell(client, code, "张三") == "周建军"

    type(left).objects.filter(pk=left.pk).update(is_active=False)

    assert _contact_cell(client, code, "张三") == "周建军（已停用，需调整）"
    assert _contact_cell(client, code, "张三", office=True) == "周建军（已停用，需调整）"
