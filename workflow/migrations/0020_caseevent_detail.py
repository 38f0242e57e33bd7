"""CaseEvent.detail: the facts an event's summary tells, for code to read (selectors_reruns). The events written
before it get theirs once from their summaries, as selectors_reruns used to read them: a publicity's posting
(张贴日期 … ，公示至 …), a step's outcome (“<step>：通过…”) and a correction's notices run again (“<step>”…重新公示).
The wording is frozen here, as it was when those events were written; nothing else parses summaries."""

import re

from django.db import migrations, models

SYSTEM_PREFIX = "系统自动："  # services.case_records.SYSTEM_ACTOR
POSTED = re.compile(r"张贴日期 (\d{4}-\d{2}-\d{2})(?:，公示至 (\d{4}-\d{2}-\d{2}))?")
# The outcomes as the record said them (workflow.choices.Outcome, services.case_return.RETURN_TO_TOWNSHIP).
OUTCOMES = {"通过": "pass", "不通过": "reject", "免于比对": "skip", "退回村级补正": "return", "退回乡镇补正": "return"}
ACTIONS = ("publicity_posted", "case_act", "case_correct")
CHUNK = 2000


def _said(summary):
    return summary[len(SYSTEM_PREFIX) :] if summary.startswith(SYSTEM_PREFIX) else summary


def _step(case_step):
    return {"case_step": case_step["pk"], "step": case_step["step_id"]}


def _named(steps, said, after):
    """The case's step whose name the summary starts with, followed by `after` (the longest name: one step's name
    may begin another's)."""
    found = [cs for cs in steps if said.startswith(cs["step__name"] + after)]
    return max(found, key=lambda cs: len(cs["step__name"]), default=None)


def detail_from_summary(action, summary, steps):
    """The detail of an event written before CaseEvent.detail; `steps`: its case's steps (pk, step_id, step__name,
    step__kind). {} when the summary does not say it."""
    said = _said(summary)
    publicities = [cs for cs in steps if cs["step__kind"] == "publicity"]
    if action == "publicity_posted":
        case_step = _named(publicities, said, "张贴日期")
        if case_step is not None and (m := POSTED.search(said)):
            return {**_step(case_step), "posted_on": m.group(1), "ends_on": m.group(2)}
    elif action == "case_act":
        case_step = _named(steps, said, "：")
        if case_step is not None:
            rest = said[len(case_step["step__name"]) + 1 :]
            words = max((w for w in OUTCOMES if rest.startswith(w)), key=len, default=None)
            if words is not None:
                return {**_step(case_step), "outcome": OUTCOMES[words]}
    elif action == "case_correct":
        again = "重新公示" in said
        return {"rerun": [cs["pk"] for cs in publicities if again and f"“{cs['step__name']}”" in said]}
    return {}


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("workflow", "CaseEvent")
    CaseStep = apps.get_model("workflow", "CaseStep")
    last = 0
    while True:
        events = list(CaseEvent.objects.filter(pk__gt=last, action__in=ACTIONS, detail={}).order_by("pk")[:CHUNK])
        if not events:
            return
        last = events[-1].pk
        steps = {}
        rows = CaseStep.objects.filter(case_id__in={e.case_id for e in events})
        for row in rows.values("case_id", "pk", "step_id", "step__name", "step__kind"):
            steps.setdefault(row["case_id"], []).append(row)
        changed = []
        for event in events:
            event.detail = detail_from_summary(event.action, event.summary, steps.get(event.case_id, []))
            if event.detail:
                changed.append(event)
        CaseEvent.objects.bulk_update(changed, ["detail"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0019_objection_carried"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="detail",
            field=models.JSONField(blank=True, db_default={}, default=dict, verbose_name="详情"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
