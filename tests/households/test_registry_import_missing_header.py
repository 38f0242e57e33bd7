"""A required column missing from a file's header: the message names it, the header names it may have and, when the
file has a header like one of them (a typo, a synonym), asks whether that is the column, each header asked about
once. The go-live import and any other layout of the shared reader (households.registry_import.header_row)."""

import datetime as dt

import pytest

from households.models import Household, RegistryImport
from households.registry_import.header_row import MSG_NEAR_MISSING, Layout, UnreadableFile, find_header
from households.registry_import.reader import REGISTRY_LAYOUT
from tests.households.test_registry_import import HEADER, VILLAGE_B, hn, member, pid, run, xlsx_upload

pytestmark = pytest.mark.django_db
Status = RegistryImport.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def refusal(header: list[str], layout: Layout) -> str:
    with pytest.raises(UnreadableFile) as caught:
        find_header(iter([(1, header)]), layout)
    return caught.value.message


def test_a_misspelt_id_number_header_is_asked_about_in_the_import_result(personas, county):
    header = [("身分证号" if h == "身份证号" else h) for h in HEADER]
    row = member(hn("H1"), VILLAGE_B, "是", "王五", pid(dt.date(1950, 6, 6), 21), "户主")

    record = run(personas.county_officer, xlsx_upload([row], header=header))

    assert record.status == Status.FAILED and not Household.objects.exists()
    assert record.message.startswith("表头缺少必需的列：身份证号。")
    near = MSG_NEAR_MISSING.format(header="身份证号", names="身份证号", cell="身分证号")
    assert (
        near
        == "缺少必需的列“身份证号”（可用列名：身份证号）；文件中的“身分证号”是否就是此列？如是，请改正列名后重新上传。"
    )
    assert record.message.endswith(near)


def test_each_missing_column_gets_the_file_header_most_like_it_and_none_is_guessed(county):
    header = [h for h in HEADER if h not in {"姓名", "是否户主", "户类型"}] + ["名字", "户主", "备注"]

    message = refusal(header, REGISTRY_LAYOUT)

    assert "缺少必需的列“是否户主”（可用列名：是否户主）；文件中的“户主”是否就是此列？" in message
    assert "缺少必需的列“姓名”（可用列名：姓名）；文件中的“名字”是否就是此列？" in message
    assert "缺少必需的列“户类型”" not in message  # nothing like it: not guessed
    assert "“备注”是否就是此列" not in message


def test_a_layouts_aliases_are_named_and_a_synonym_found():
    layout = Layout(
        header_keys={
            "户主姓名": "head",
            "户主名称": "head",
            "证件号码": "id",
            "身份证号": "id",
            "公民身份号码": "id",
            "金额": "amount",
        },
        required=(("head", "户主姓名"), ("id", "证件号码")),
    )

    message = refusal(["户主名字", "身分证号", "金额"], layout)

    assert "缺少必需的列“户主姓名”（可用列名：户主姓名、户主名称）；文件中的“户主名字”是否就是此列？" in message
    names = "证件号码、身份证号、公民身份号码"
    assert f"缺少必需的列“证件号码”（可用列名：{names}）；文件中的“身分证号”是否就是此列？" in message
    quiet = Layout(header_keys=layout.header_keys, required=layout.required, near_misses=False)
    assert "是否就是此列" not in refusal(["户主名字", "证件号码"], quiet)
