"""Who proposes a case: the one rule services.cases.case_open asks, and the household page and case form read so that
they offer only what it takes.

An exit (风险消除) is the village's proposal. 003 §二2(5): "由村两委提出，经评议后在村内进行公示，
公示无异议的，上报乡党委、政府审核"; 000 §三(三)8 runs it 民主评议（村委会或村民代表会议评议）→ 村级公示 →
乡镇审核 → 县级审批. The township audits the proposal and the county approves it: neither makes it, or the
village's own judgement — that the household's risk is stably gone, which it finds at the household — would come
after the fact. The resident work team proposes too: DOMAIN.md "People" gives it the village cadres' work in its
village, 003 §二2(4) seats it at the village's review, and 000 §五(二) gives 乡村两级和驻村工作队（第一书记）
the visits that find the risk gone; it acts the village cadres' steps (workflow.roles).

An inclusion (识别纳入, 风险再标注) is not one body's proposal but a discovery: 000 §三(三)1 has
基层干部、第一书记、驻村工作队员 find risks, 003 §二2(3) 乡村干部、驻村干部、乡村网格员, 001 §二 乡村干部排查,
so township staff open one too, and the village's review is its procedure's first step whoever found the risk. The
green channel is the township's and the county's own (services.green_channel, 001 §四)."""

from typing import Any

from accounts.choices import Role
from workflow.roles import acts_step

EXIT_PROPOSER_ROLE = Role.VILLAGE_CADRE  # and whoever acts its steps (workflow.roles: the work team)
MSG_EXIT_PROPOSER = (
    "风险消除由村两委提出：请由本村村干部或驻村工作队发起，经村级评议、公示后报乡镇审核。"
    "乡镇、县级工作人员不能发起风险消除。"
)
# Where the household page offers no 发起 for a monitored household (its only case would be the exit).
EXIT_PROPOSER_NOTE = "该户为监测对象，风险消除由村干部或驻村工作队提出。"


def may_propose_exit(actor: Any) -> bool:
    return acts_step(actor, EXIT_PROPOSER_ROLE)


def exit_proposer_refusal(actor: Any) -> str:
    """Why the actor may not propose an exit ("" when they may)."""
    return "" if may_propose_exit(actor) else MSG_EXIT_PROPOSER
