"""How many pages wide a ledger prints (re-check N4): one A4 landscape width unless that shrinks it under 55 %."""

from reports.sheets import MIN_SCALE, PRINTABLE_PX, column_px, key_columns, pages_wide


def scale(widths, keys, pages):
    return pages * PRINTABLE_PX / (sum(map(column_px, widths)) + (pages - 1) * sum(map(column_px, widths[:keys])))


def test_a_narrow_sheet_stays_one_page_wide():
    assert pages_wide([6, 16, 24, 20, 12, 12, 10]) == 1
    assert pages_wide([]) == 1


def test_a_wide_sheet_takes_the_fewest_pages_that_keep_it_readable_with_its_keys_on_each():
    widths = [6, 12, 12, 12, 18, 10] + [14] * 25  # 31 columns, about 33 % on one page
    assert scale(widths, 6, 1) < 0.4
    assert pages_wide(widths, 6) == 2 and scale(widths, 6, 2) >= MIN_SCALE
    assert pages_wide([6] + [20] * 40, 1) == 3  # never more than 3 pages wide


def test_the_key_columns_run_to_the_persons_name():
    assert key_columns(["序号", "乡镇", "村", "户编号", "户主姓名", "姓名"]) == 5
    assert key_columns(["序号", "报送部门", "数据类型", "姓名（部门数据）"]) == 4
    assert key_columns(["序号", "问题类别", "校验项"]) == 1
