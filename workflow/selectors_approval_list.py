"""The printed 批准名单 (or 不予批准名单) of a 批复 (views_batches.batch_print): one 批复文号 is one 批复
(services.approval_records), however many batches it was entered as (a batch page shows 50 rows; single approvals
are one-case batches), so the list prints every household decided under the number, not the one batch opened.

It is posted and filed as the leading group's document: titled with the county's name, signed by the county's
leading group as the county names it (households.county_bodies; 000 §三(三)5: 报县委农村工作领导小组审批) and dated
on the 批复日期, not the printing day; its risks read as the township's 公告 prints them (models.cases.notice_reasons:
no health detail)."""

from dataclasses import dataclass
from typing import Any

from households.choices import RiskType
from households.county_bodies import approving_body_at
from households.models import Region
from workflow.models import Batch, BatchItem
from workflow.models.cases import NOTICE_REASON_LABELS
from workflow.selectors_batches import batch_items
from workflow.services.approval_records import same_decision

# Said on the screen only (the page's no-print part): the printed document is the 批复's, not its batches'.
SPANS_BATCHES = "本批复分 {n} 批录入（审批批次 {batches}），本名单合并列出。"
# A snapshot keeps the risk labels as decided; the notice prints the medical one as the spending it causes.
_NOTICE_LABEL = {str(RiskType(code).label): words for code, words in NOTICE_REASON_LABELS.items()}


@dataclass(frozen=True)
class ApprovalRow:
    snapshot: dict[str, Any]
    risks: str  # 刚性支出较大、因灾 (—: none)


@dataclass(frozen=True)
class ApprovalList:
    county: str
    issuer: str
    batches: list[Batch]
    spans: str  # SPANS_BATCHES when the 批复 was entered as several batches ("" otherwise)
    opinion: str  # the 批复's 意见: each distinct one its batches recorded, once, in their order ("" for none)
    total: int  # households decided under the number, in every scope
    rows: list[ApprovalRow]  # those in the actor's scope


def notice_risks(labels: list[str]) -> str:
    return "、".join(dict.fromkeys(_NOTICE_LABEL.get(label, label) for label in labels)) or "—"


def batch_opinion(batches: list[Batch]) -> str:
    """One 意见 line for the 批复 however many batches entered it: 同意纳入 entered three times prints once, and
    opinions that differ print each once (同意纳入；同意), not one line a batch."""
    return "；".join(dict.fromkeys(note for row in batches if (note := (row.note or "").strip())))


def approval_list(*, actor: Any, batch: Batch) -> ApprovalList:
    """The households decided (with `batch`'s decision) under `batch`'s 批复文号 in its county, as far as the actor
    may see them, inclusions before exits, each by place then 户编号 (selectors_batches.batch_items, whose order is
    selectors_cases.notice_order): the township's 公告 of the 批复 and the batch's page list them in the same order,
    whichever batch entered each."""
    batches = same_decision(batch)
    county = Region.objects.filter(path=batch.region_path).values_list("name", flat=True).first() or ""
    items: list[BatchItem] = list(batch_items(actor=actor).filter(batch__in=batches))  # in batch_items' order
    return ApprovalList(
        county=county,
        # The county's own name for its approving body (households.county_bodies), as the 批复 is signed.
        issuer=approving_body_at(batch.region_path),
        batches=batches,
        spans=SPANS_BATCHES.format(n=len(batches), batches="、".join(str(row.pk) for row in batches))
        if len(batches) > 1
        else "",
        opinion=batch_opinion(batches),
        total=sum(row.count for row in batches),
        rows=[
            ApprovalRow(snapshot=item.snapshot, risks=notice_risks(item.snapshot.get("risk_types") or []))
            for item in items
        ],
    )
