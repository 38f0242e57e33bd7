"""What the 整改情况汇总表 (seed 003 附件4) counts, said under it: one wording for the campaign's summary page and
the workbook stamped and sent up ("一并上报区乡村振兴局", 003 三(四)), so that a reader of either learns why, say,
拟识别监测对象 reads 0户 although households were ticked 拟纳入 on their forms."""

from screening.selectors_campaigns import OTHER_ROW_LABEL, SummaryUnit

NOTE_IN_PROGRESS = "正在整改数含待整改和整改中的问题。"
NOTE_AREA = "户内问题和面上问题一并统计；高于汇总单位的面上问题单列。"
NOTE_OTHER = f"“{OTHER_ROW_LABEL}”统计直接在台账中登记为“其他”类型的问题，附件4无此行。"
NOTE_PROPOSED = "拟识别监测对象只计勾选“拟纳入”时尚未纳入监测、也不在纳入程序中的农户"
NOTE_PROPOSED_KNOWN = "；另有 {n} 户勾选时已是监测对象或已在纳入程序中，未计入"


def summary_notes(total: SummaryUnit) -> list[str]:
    """The notes on the table whose 合计 is `total` (screening.selectors_campaigns.summary_totals), sentence by
    sentence: the 其他 row's only when it counts a problem, and the households ticked 拟纳入 but left out of the
    拟识别监测对象 count (SummaryUnit.proposed_known) whenever there are any."""
    notes = [NOTE_IN_PROGRESS, NOTE_AREA]
    other = total.rows[-1] if total.rows else None
    if other is not None and other.label == OTHER_ROW_LABEL and other.found:
        notes.append(NOTE_OTHER)
    known = NOTE_PROPOSED_KNOWN.format(n=total.proposed_known) if total.proposed_known else ""
    notes.append(f"{NOTE_PROPOSED}{known}。")
    return notes
