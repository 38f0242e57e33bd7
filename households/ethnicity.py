"""民族: the 56 ethnic groups in the order and wording of GB/T 3304 (中国各民族名称的罗马字母拼写法和代码), and 其他
for a person registered under none of them. The registry stores the name ("汉族"); a short form typed or imported
before the list existed ("汉") is read as the full name."""

ETHNIC_GROUPS = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)
OTHER = "其他"
ETHNICITY_CHOICES = [(name, name) for name in (*ETHNIC_GROUPS, OTHER)]


def normalize_ethnicity(raw: str) -> str:
    """ "汉" → "汉族", " 畲族 " → "畲族"; a value that names no group is kept as it is (an old record stays valid)."""
    value = (raw or "").strip()
    if value and value not in ETHNIC_GROUPS and f"{value}族" in ETHNIC_GROUPS:
        return f"{value}族"
    return value
