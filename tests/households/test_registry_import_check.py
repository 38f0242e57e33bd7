"""仅检查，不导入 and 确认导入: a file is checked without creating anything, its counts and error workbook are
shown, and the same stored file is imported on confirmation. The import's page lists the households it created,
names the step a running import is at, and reloads itself once the import is finished."""

import datetime as dt
import re

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.models import Household, RegistryImport, RegistryImportNumber
from households.registry_import import registry_import_confirm, registry_import_create, registry_import_run
from households.registry_import import services as import_services
from households.registry_import.finish import PHASE_ERRORS
from tests.households.test_registry_import import VILLAGE_B, csv_upload, hn, member, mixed_rows, pid, run
from tests.households.test_registry_import_family import family_file, sheets

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def check(actor, upload) -> RegistryImport:
    record = registry_import_create(actor=actor, upload=upload, enqueue=False, check_only=True)
    return registry_import_run(import_id=record.pk)


def mixed(household_a):
    return csv_upload(mixed_rows(household_a.members.get(relation="head").id_number))


def one_household(label: str = "H1", sequence: int = 21):
    return [member(hn(label), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), sequence), "户主")]


def test_a_check_only_run_creates_nothing_and_tells_what_an_import_would_do(personas, household_a):
    before = Household.objects.count()

    record = check(personas.county_officer, mixed(household_a))

    assert Household.objects.count() == before
    # The file's numbers not in the registry stay the national system's: held, as an import holds those it rejects.
    assert set(RegistryImportNumber.objects.values_list("number", flat=True)) == {
        hn(label) for label in ("H2", "H3", "H4", "H5", "H6")
    } | {hn("H1", "360425100201001")}
    assert (record.status, record.check_only, record.households_created) == (Status.DONE, True, 0)
    assert (record.households_ok, record.rows_ok, record.households_bad, record.rows_bad) == (2, 4, 4, 7)
    assert record.message.startswith("检查完成，尚未导入：可导入农户 2 户、家庭成员 4 人。")
    assert "有错误 7 行（涉及 4 户），不会导入" in record.message and "确认导入" in record.message
    sheet = openpyxl.load_workbook(record.error_file.path)["错误清单"]
    assert sheet.max_row == 8  # the header and the 7 rows
    event = AuditEvent.objects.get(action="registry.import.check")
    assert "农户档案检查" in event.summary and event.after["households_ok"] == 2
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_confirming_imports_the_same_stored_file_once(personas, household_a, django_capture_on_commit_callbacks):
    record = check(personas.county_officer, mixed(household_a))

    with django_capture_on_commit_callbacks(execute=True):
        queued = registry_import_confirm(actor=personas.county_officer, import_id=record.pk)
    assert (queued.status, queued.check_only, queued.error_file.name, queued.message) == (Status.PENDING, False, "", "")
    done = registry_import_run(import_id=record.pk)

    assert (done.status, done.households_created, done.rows_bad) == (Status.DONE, 2, 7)
    assert done.message.startswith("导入完成：新建农户 2 户")
    assert Household.objects.filter(number=hn("H2")).exists()
    assert openpyxl.load_workbook(done.error_file.path)["错误清单"].max_row == 8  # the import's, replacing the check's
    assert AuditEvent.objects.filter(action="registry.import.confirm", object_id=str(record.pk)).exists()
    with pytest.raises(ApplicationError, match="已确认导入"):
        registry_import_confirm(actor=personas.county_officer, import_id=record.pk)


def test_a_check_with_nothing_to_import_cannot_be_confirmed(personas, household_a):
    bad = [member(hn("H7"), VILLAGE_B, "是", "赵一", pid(dt.date(1970, 2, 2), 41), "儿子")]
    record = check(personas.county_officer, csv_upload(bad))

    assert record.households_ok == 0 and "没有可导入的农户" in record.message
    with pytest.raises(ApplicationError, match="没有可导入的农户"):
        registry_import_confirm(actor=personas.county_officer, import_id=record.pk)


def test_uploading_a_checked_file_again_points_to_its_confirmation(personas, county):
    record = check(personas.county_officer, csv_upload(one_household()))

    with pytest.raises(Exception) as refused:
        registry_import_create(actor=personas.county_officer, upload=csv_upload(one_household()), enqueue=False)

    assert f"检查过（导入编号 {record.pk}）" in str(refused.value) and "确认导入" in str(refused.value)


def test_the_upload_form_checks_by_default_and_asks_before_a_real_import(
    personas, county, login, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    monkeypatch.setattr("households.tasks.registry_import_task.delay", lambda import_id: None)
    page = client.get(reverse("households:import_index")).content.decode()

    assert re.search(r'<input type="radio" name="mode" value="check"[^>]* checked', page) and "仅检查，不导入" in page
    assert '"when": {"mode": "import"}' in page and "确定上传并立即导入" in page and "不能整批撤销" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:import_index"), {"file": csv_upload(one_household())})

    record = RegistryImport.objects.get()
    assert record.check_only and response.url == reverse("households:import_detail", args=[record.pk])


def test_the_checked_import_page_shows_the_counts_and_confirms_behind_a_dialog(
    personas, household_a, login, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(personas.county_officer)
    record = check(personas.county_officer, mixed(household_a))
    queued = []
    monkeypatch.setattr("households.tasks.registry_import_task.delay", lambda import_id: queued.append(import_id))

    page = client.get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert "可导入 <strong>2</strong> 户" in page and "有错误 <strong>4</strong> 户（7 行" in page
    assert "下载错误清单" in page and "确认导入</button>" in page
    assert 'data-confirm-submit="确认导入“registry.csv”？系统将重新检查该文件，并为其中无误的 2 户' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("households:import_confirm", args=[record.pk]), follow=True)

    assert "已确认导入" in response.content.decode() and queued == [record.pk]
    registry_import_run(import_id=record.pk)
    page = client.get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert "本次导入新建的农户（2 户）" in page
    h1 = Household.objects.get(number=hn("H2"))
    assert f'href="{reverse("households:detail", args=[h1.pk])}"' in page and "确认导入</button>" not in page


def test_the_detail_page_lists_the_created_households_page_by_page(personas, county, login):
    rows = [
        member(hn(f"H{i}"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 1, 1) + dt.timedelta(days=i), 21), "户主")
        for i in range(1, 23)
    ]
    record = run(personas.county_officer, csv_upload(rows))
    client = login(personas.county_officer)
    url = reverse("households:import_detail", args=[record.pk])

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()

    assert "本次导入新建的农户（22 户）" in first and "第 1 / 2 页" in first
    assert first.count('data-label="户编号"') == 20 and second.count('data-label="户编号"') == 2
    assert hn("H1") in first and hn("H22") not in first


def test_the_detail_pages_poll_reloads_it_once_the_import_is_finished(personas, county, login):
    client = login(personas.county_officer)
    record = registry_import_create(actor=personas.county_officer, upload=csv_upload(one_household()), enqueue=False)
    url = reverse("households:import_progress", args=[record.pk])

    detail = client.get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert f'hx-get="{url}?detail=1"' in detail and "长时间没有进度？" in detail
    assert "等待后台处理" in client.get(url + "?detail=1").content.decode()
    registry_import_run(import_id=record.pk)
    finished = client.get(url + "?detail=1")
    listed = client.get(url)

    assert finished["HX-Refresh"] == "true"
    assert "HX-Refresh" not in listed and "已完成" in listed.content.decode()
    detail = client.get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert "长时间没有进度？" not in detail and "导入完成：新建农户 1 户" in detail


def test_writing_the_error_workbook_is_named_as_a_step_of_the_progress(personas, household_a, login, monkeypatch):
    client = login(personas.county_officer)
    record = registry_import_create(actor=personas.county_officer, upload=mixed(household_a), enqueue=False)
    seen = []
    real = import_services.write_error_workbook

    def writes(handle, **kwargs):
        seen.append(client.get(reverse("households:import_progress", args=[record.pk])).content.decode())
        real(handle, **kwargs)

    monkeypatch.setattr(import_services, "write_error_workbook", writes)
    registry_import_run(import_id=record.pk)

    assert len(seen) == 1 and f"{PHASE_ERRORS} · 95%" in seen[0] and "已读 11 行" in seen[0]


def test_a_checked_household_to_verify_is_listed_as_to_verify_after_the_import(personas, county, login):
    record = check(personas.county_officer, csv_upload(family_file()[:2]))

    assert (record.households_ok, record.rows_bad, record.households_warned) == (1, 0, 1)
    assert "导入后请核实 1 户" in record.message
    verify = sheets(record)["导入后请核实"]
    assert list(verify) == [4] and verify[4].startswith("导入后请核实：第4行")
    page = login(personas.county_officer).get(reverse("households:import_detail", args=[record.pk])).content.decode()
    assert "导入后请核实（1 户）" in page and "下载核实清单" in page and "已导入，请核实" not in page
