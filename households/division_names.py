"""Names of divisions this installation may have no Region row for: the provinces (统计用区划代码's first two digits)
and the seeds' counties. The configuration site names a procedure's or a line's region with them where the county is
not set up here: the presets ship 涞源县's procedures on 130630 and 桃沟乡's on the placeholder 340000 (Anhui)."""

PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区", "21": "辽宁省",
    "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省",
    "35": "福建省", "36": "江西省", "37": "山东省", "41": "河南省", "42": "湖北省", "43": "湖南省",
    "44": "广东省", "45": "广西壮族自治区", "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省",
    "53": "云南省", "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
}  # fmt: skip

# The counties the seeds come from (DOMAIN.md's table): 000 永修县, 001 涞源县, 004 新丰县; 003's 桃沟乡 names no
# district.
SEED_COUNTIES = {"360425": "永修县", "130630": "涞源县", "440233": "新丰县"}


def division_name(prefix: str) -> str:
    """A seed county's or a province's name for a division code prefix ("130630", "340000", "34"), '' if unknown."""
    if prefix in SEED_COUNTIES:
        return SEED_COUNTIES[prefix]
    if len(prefix) == 2 or (len(prefix) == 6 and prefix.endswith("0000")):
        return PROVINCES.get(prefix[:2], "")
    return ""
