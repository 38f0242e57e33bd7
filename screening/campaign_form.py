"""The 13-item household screening form (入户排查表), transcribed from seed 003 附件2.

A constant, not a table: the form is the province's, and the answers stored in ScreeningForm.answers refer to
these codes, so a code never changes meaning once used. Each sub-question is a yes/no check ("有问题的在所列序号
下方打√"); `household=False` marks the ones 填表说明 2 leaves to the departments and the township or village
(面上问题), which the paper form still prints and a cadre may still tick.
"""

from dataclasses import dataclass
from typing import Any

from screening.choices_campaigns import ProblemType


@dataclass(frozen=True)
class Question:
    code: str
    number: int
    label: str
    household: bool = True

    @property
    def numbered_label(self) -> str:
        return f"{CIRCLED[self.number - 1]}{self.label}"


@dataclass(frozen=True)
class Item:
    number: int
    code: str
    label: str
    questions: tuple[Question, ...]
    problem_type: str | None
    # 填表说明 3: an ordinary household is screened for 两不愁三保障, water and income only, not for policies.
    policy: bool = False


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪"
JUDGEMENT_ITEM = 13
# Item 13's two sub-questions are stored as ScreeningForm.at_risk and .propose_monitoring.
AT_RISK = "judgement_1"
PROPOSE_MONITORING = "judgement_2"


def _item(
    number: int, code: str, label: str, problem_type: str | None, texts: list[str], area: set[int], policy: bool
) -> Item:
    questions = tuple(
        Question(code=f"{code}_{n}", number=n, label=text, household=n not in area)
        for n, text in enumerate(texts, start=1)
    )
    return Item(number, code, label, questions, problem_type, policy)


ITEMS: tuple[Item, ...] = (
    _item(
        1,
        "education",
        "义务教育",
        ProblemType.EDUCATION,
        [
            "是否存在适龄儿童未入学或已就读学生辍学现象",
            "教育资助政策是否全面落实到位",
            "是否做到动态清零",
            "控辍保学机制是否健全",
            "其他",
        ],
        {3, 4},
        False,
    ),
    _item(
        2,
        "medical",
        "基本医疗",
        ProblemType.MEDICAL,
        [
            "家中是否有未参加居民医保人员",
            "是否存在参保费用未享受政府资助问题",
            "是否存在负担不起医疗支出，有病人不去看病问题",
            "是否存在省外住院就医费用未及时报销等问题",
            "家庭成员中是否存在有慢性病未办理慢性病证问题",
            "是否存在符合家庭签约医生服务但未签约问题",
            "是否存在签约医生未定期上门对脱贫户进行体检和健康指导问题",
            "2016年以后的脱贫户是否存在住院交押金问题",
            "是否做到动态清零",
            "防止因病返贫致贫风险机制是否健全",
            "其他",
        ],
        {9, 10},
        False,
    ),
    _item(
        3,
        "housing",
        "住房安全",
        ProblemType.HOUSING,
        [
            "现住房是否为土坯房且无安全鉴定或鉴定不准确",
            "现住房是否存在安全风险",
            "是否做到动态清零",
            "农村脱贫人口住房安全动态监测机制是否健全",
            "其他",
        ],
        {3, 4},
        False,
    ),
    _item(
        4,
        "water",
        "安全饮水",
        ProblemType.WATER,
        [
            "饮用水水量、水质是否不达标",
            "用水方便程度和供水保证率是否不符合相关要求",
            "是否做到动态清零",
            "农村供水工程长效管理机制是否健全",
            "其他",
        ],
        {3, 4},
        False,
    ),
    _item(
        5,
        "relocation",
        "易地扶贫搬迁",
        ProblemType.RELOCATION,
        [
            "易地搬迁后续帮扶措施是否落实到位",
            "安置区社区治理体系是否建立完善",
            "搬迁群众是否“稳得住、有就业、逐步能致富”",
            "其他",
        ],
        {2},
        True,
    ),
    _item(
        6,
        "industry",
        "产业发展",
        ProblemType.INDUSTRY,
        [
            "是否存在具备产业发展能力和意愿的，未实施产业到户项目，产业帮扶不到位的情况",
            "原采取入股分红等形式实施的产业到户项目，是否存在分红资金发放不及时、不到位的情况",
            "历年已批复的产业到户项目，是否存在补贴资金已发放，但项目未实施的情况",
            "脱贫人口和监测对象的产业发展项目是否实现增产增收",
            "各类经营主体、产业帮扶基地、就业帮扶车间等是否落实带贫减贫措施利益联结机制是否健全，带动链是否稳定",
            "光伏扶贫电站运维管理是否到位高效、综合利用是否开展全面、收益分配是否精准合规",
            "其他",
        ],
        {5, 6},
        True,
    ),
    _item(
        7,
        "employment",
        "脱贫人口就业",
        ProblemType.EMPLOYMENT,
        [
            "有劳动能力和就业意愿的脱贫人口和边缘易致贫人口是否实现稳岗就业",
            "帮扶措施落实是否到位",
            "今年已录入的就业信息，是否存在标注已务工但实际未务工，联系电话、务工地点、务工时间等与实际不一致的情况",
            "是否存在公益岗位长期未履职，公益岗薪酬待遇和补助资金发放不及时等情况",
            "是否存在利用公益岗搞福利，平均发放情况",
            "各类经营主体、产业帮扶基地、就业帮扶车间是否优先吸纳脱贫人口和边缘易致贫人口就业",
            "其他",
        ],
        {3, 4, 5, 6},
        True,
    ),
    _item(
        8,
        "microcredit",
        "脱贫人口小额信贷",
        ProblemType.MICROCREDIT,
        [
            "符合贷款条件、有发展生产意愿的脱贫人口和边缘易致贫人口是否做到应贷尽贷",
            "贷款用途是否符合规定，是否存在贷款用于建房、理财、购置家庭用品等非生产性支出情况",
            "是否存在“户贷企用”或变相“户贷企用”等问题",
            "其他",
        ],
        {3},
        True,
    ),
    _item(
        9,
        "consumption",
        "消费帮扶",
        ProblemType.CONSUMPTION,
        [
            "脱贫户、边缘易致贫户的农产品是否存在滞销现象",
            "消费扶贫重点产业认定管理是否规范",
            "“三专一平台”特别是专柜建设和运营管理是否落实",
            "其他",
        ],
        {2, 3},
        True,
    ),
    _item(
        10,
        "funds",
        "资金项目管理",
        ProblemType.FUNDS,
        [
            "2021年市县财政衔接资金投入是否总体稳定",
            "中央、省到县资金是否安排项目",
            "资金使用是否规范",
            "项目实施是否规范",
            "资产管理是否规范有效",
            "其他",
        ],
        {1, 2, 3, 4, 5, 6},
        True,
    ),
    _item(
        11,
        "monitoring",
        "防止返贫动态监测",
        ProblemType.MONITORING,
        [
            "镇村干部、驻村工作队、帮扶责任人和联系人是否对脱贫不稳定户和边缘易致贫户开展跟踪走访",
            "脱贫不稳定户和边缘易致贫户的实际困难是否及时解决",
            "脱贫不稳定户和边缘易致贫户的台账资料是否规范齐全",
            "部门数据比对和筛查机制是否健全",
            "其他",
        ],
        {3, 4},
        True,
    ),
    _item(
        12,
        "assistance",
        "帮扶工作",
        ProblemType.ASSISTANCE,
        [
            "脱贫户帮扶责任人和边缘易致贫户帮扶联系人是否安排到位",
            "是否制定“一户一方案、一人一措施”",
            "帮扶政策和措施是否精准落实",
            "定点帮扶单位是否持续加强支持和帮助，驻村帮扶工作是否持续推进",
            "其他",
        ],
        {4},
        True,
    ),
    _item(
        JUDGEMENT_ITEM,
        "judgement",
        "综合判定",
        None,
        ["该户是否疑似存在返贫致贫风险", "是否要纳入监测对象进行评议"],
        set(),
        False,
    ),
)

ITEMS_BY_NUMBER: dict[int, Item] = {item.number: item for item in ITEMS}
PROBLEM_ITEMS: tuple[Item, ...] = tuple(item for item in ITEMS if item.problem_type is not None)
QUESTION_LABELS: dict[str, str] = {q.code: q.numbered_label for item in ITEMS for q in item.questions}


def describe(answers: dict[str, dict[str, Any]]) -> list[tuple[Item, list[str], str]]:
    """A stored form's answers for reading: each answered item with its ticked sub-questions and problem text."""
    rows = []
    for item in ITEMS:
        answer = answers.get(str(item.number))
        if answer:
            checked = [QUESTION_LABELS.get(str(code), str(code)) for code in answer.get("checked") or []]
            rows.append((item, checked, str(answer.get("problem") or "")))
    return rows


# 两不愁三保障及饮水安全 (填表说明 3, 003 §二2(1)): 吃穿 is ScreeningForm.food_clothing_problem; 三保障 and water are
# items 1–4, each counted when one of its household questions is ticked. Its 面上 questions (动态清零, the
# mechanisms: 填表说明 2) are the township's and the departments', not the household's situation.
FOOD_CLOTHING_LABEL = "吃穿"
GUARANTEE_ITEM_NUMBERS = (1, 2, 3, 4)


def guarantee_problems(answers: dict[str, dict[str, Any]], *, food_clothing: bool) -> list[str]:
    """Which of 吃穿, 义务教育, 基本医疗, 住房安全, 安全饮水 the form finds a problem in, in that order."""
    found = [FOOD_CLOTHING_LABEL] if food_clothing else []
    for number in GUARANTEE_ITEM_NUMBERS:
        item = ITEMS_BY_NUMBER[number]
        household = {q.code for q in item.questions if q.household}
        checked = (answers.get(str(number)) or {}).get("checked") or []
        if household.intersection(str(code) for code in checked):
            found.append(item.label)
    return found
