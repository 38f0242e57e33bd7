"""Review finding (prints 6): notices and the 帮扶明白卡 printed 新山村 新山村四组. A group whose name already carries
the village's is printed alone; any other group after its village."""

from households.regions import village_and_group


def test_a_group_named_with_its_village_is_printed_alone():
    assert village_and_group("新山村", "新山村四组") == "新山村四组"


def test_a_group_with_its_own_name_follows_the_village():
    assert village_and_group("新山村", "四组") == "新山村 四组"


def test_no_group_is_the_village():
    assert village_and_group("新山村", "") == "新山村"
