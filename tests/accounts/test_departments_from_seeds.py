"""Every unit the seeds make responsible for help or data is a department a clerk, a feed type or a measure can be
given (000 §四 责任单位; 003 承诺和授权查询书: 公安、工商、税务、金融; 004 〔…按职责配合〕), named as the county
writes it, and an account sheet may name it the way the seeds do (县财政局, 县科协, 县供销社)."""

import pytest

from accounts.choices import Department
from accounts.models import User
from alerts.privacy import DEPARTMENT_SHORT_NAMES
from tests.accounts.test_user_import import _import

pytestmark = pytest.mark.django_db

SEED_UNITS = [
    "财政局",
    "科学技术局",
    "林业局",
    "商务局",
    "交通运输局",
    "自然资源局",
    "国资委",
    "市场监督管理局",
    "税务局",
    "人民银行县支行",
    "银保监局",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "文明办",
    "县直机关工委",
    "供销合作社",
    "科学技术协会",
    "总工会",
    "妇女联合会",
    "团县委",
    "工商业联合会",
]


def test_every_unit_the_seeds_name_responsible_is_a_department():
    assert [unit for unit in SEED_UNITS if unit not in Department.labels] == []


def test_every_department_has_the_short_name_its_hidden_alerts_are_labelled_with():
    assert sorted(DEPARTMENT_SHORT_NAMES) == sorted(Department.values)


def test_an_account_sheet_names_departments_as_the_seeds_write_them(personas, county):
    outcome = _import(
        personas.system_admin,
        ["czj_qian", "钱一", "行业部门", "永修县", "县财政局", ""],
        ["kx_sun", "孙二", "行业部门", "永修县", "县科协", ""],
        ["gxs_li", "李三", "行业部门", "永修县", "县供销社", ""],
        ["scjg_zhou", "周四", "行业部门", "永修县", "市场监管局", ""],
        ["rh_wu", "吴五", "行业部门", "永修县", "人民银行", ""],
        ["jt_zheng", "郑六", "行业部门", "永修县", "县教体局", ""],
    )

    assert outcome.errors == []
    departments = dict(User.objects.filter(username__contains="_").values_list("username", "department"))
    assert {name: departments[name] for name in ("czj_qian", "kx_sun", "gxs_li", "scjg_zhou", "rh_wu", "jt_zheng")} == {
        "czj_qian": Department.FINANCE,
        "kx_sun": Department.SCIENCE_ASSOCIATION,
        "gxs_li": Department.SUPPLY_MARKETING,
        "scjg_zhou": Department.MARKET_REGULATION,
        "rh_wu": Department.PEOPLES_BANK,
        "jt_zheng": Department.EDUCATION,
    }


def test_the_clerk_list_and_the_feed_type_form_offer_the_new_departments(personas, login):
    client = login(personas.system_admin)

    user_form = client.get("/admin/accounts/user/add/").content.decode()
    feed_form = client.get("/admin/alerts/feedtype/add/").content.decode()

    for page in (user_form, feed_form):
        assert '<option value="finance">财政局</option>' in page
        assert '<option value="market_regulation">市场监督管理局</option>' in page
