"""The village review meeting form: the meeting, its attendees by group, and one row per case to review (pick,
votes, conclusion). Rules live in services.meetings; this only reads the fields."""

import re
from typing import Any

from django import forms

from config.forms import NamedFieldMessagesMixin
from config.once import ONCE_FIELD, OnceFormMixin
from workflow.models import Case, CaseStep
from workflow.models.meetings import ATTENDEE_GROUPS
from workflow.services.meetings import ReviewInput, majority_passes
from workflow.services.review_rules import CONFIRM_FIELD, CONFIRM_LABEL, attendance_questions, confirmed_facts

MSG_VOTES_REQUIRED = "请填写赞成、反对、弃权票数（没有填 0）。"
CASE_KEY = re.compile(r"^case_(\d+)$")


def _number(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=999,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "class": "vote"}),
    )


class MeetingForm(OnceFormMixin, NamedFieldMessagesMixin, forms.Form):
    held_on = forms.DateField(label="会议日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place = forms.CharField(label="会议地点", max_length=100)
    host = forms.CharField(label="主持人", max_length=50, required=False)
    minutes = forms.FileField(
        label="会议记录（评议通过时必传；PDF/JPG/PNG，不超过 10 MB）",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    # A file chosen before the form came back with an error, kept on the server (households.forms_uploads).
    minutes_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    minutes_clear = forms.BooleanField(label="不上传已选择的文件", required=False)
    # services.review_rules asks before recording a meeting without the resident work team, or with a count that
    # differs from the names listed; shown once asked (confirm_asked), posted back by the confirmation page.
    confirm_unusual = forms.BooleanField(label=CONFIRM_LABEL, required=False)

    def __init__(self, *args: Any, candidates: list[CaseStep], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for prefix, label in ATTENDEE_GROUPS:
            self.fields[f"{prefix}_count"] = forms.IntegerField(
                label=f"{label}人数",
                min_value=0,
                max_value=999,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )
            self.fields[f"{prefix}_names"] = forms.CharField(
                label=f"{label}姓名",
                max_length=1000 if prefix == "representative" else 500,
                required=False,
                help_text="有人参会的必填",
            )
        self.candidates = candidates
        ids = [cs.case_id for cs in candidates]
        # A case posted that is no longer a candidate (another meeting reviewed it meanwhile) still reaches the
        # service, which says which household and why.
        posted = [int(m.group(1)) for key in (self.data or {}) if (m := CASE_KEY.match(key))]
        self.case_ids = ids + [case_id for case_id in posted if case_id not in ids]
        # Those posted cases, named by their household where the actor sees it (the view sets them: name_others).
        self.others: dict[int, Case] = {}
        for case_id in self.case_ids:
            self.fields[f"case_{case_id}"] = forms.BooleanField(label="列入本次评议", required=False)
            self.fields[f"for_{case_id}"] = _number("赞成")
            self.fields[f"against_{case_id}"] = _number("反对")
            self.fields[f"abstain_{case_id}"] = _number("弃权")
            self.fields[f"conclusion_{case_id}"] = forms.CharField(label="评议结论", max_length=200, required=False)

    @property
    def confirm_asked(self) -> bool:
        return CONFIRM_FIELD in self.errors or bool(self.data.get(CONFIRM_FIELD))

    def attendee_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{prefix}_count"], self[f"{prefix}_names"]) for prefix, _ in ATTENDEE_GROUPS]

    def other_ids(self) -> list[int]:
        """The posted cases that are no longer candidates."""
        ids = {cs.case_id for cs in self.candidates}
        return [case_id for case_id in self.case_ids if case_id not in ids]

    def name_others(self, cases: dict[int, Case]) -> None:
        self.others = cases

    def rows(self) -> list[dict[str, Any]]:
        steps = {cs.case_id: cs for cs in self.candidates}
        return [
            {
                "case_step": steps.get(case_id),
                "case": steps[case_id].case if case_id in steps else self.others.get(case_id),
                "consent_missing": getattr(steps.get(case_id), "consent_missing", False),
                "pick": self[f"case_{case_id}"],
                "votes": [self[f"for_{case_id}"], self[f"against_{case_id}"], self[f"abstain_{case_id}"]],
                "conclusion": self[f"conclusion_{case_id}"],
            }
            for case_id in self.case_ids
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for case_id in self.case_ids:
            if not data.get(f"case_{case_id}"):
                continue
            names = [f"{name}_{case_id}" for name in ("for", "against", "abstain")]
            missing = any(data.get(name) is None for name in names)
            if missing and not any(self.has_error(name) for name in names):
                self.add_error(f"case_{case_id}", MSG_VOTES_REQUIRED)
        return data

    def picked_ids(self) -> list[int]:
        return [case_id for case_id in self.case_ids if self.cleaned_data.get(f"case_{case_id}")]

    def hidden_values(self) -> list[tuple[str, str]]:
        """The valid values as the confirmation page posts them back: the meeting, the attendees and the picked rows
        (not the file, which is kept on the server under its token)."""
        data = self.cleaned_data
        names = ["held_on", "place", "host", CONFIRM_FIELD]
        names += [f"{prefix}_{part}" for prefix, _ in ATTENDEE_GROUPS for part in ("count", "names")]
        for case_id in self.picked_ids():
            names += [f"{name}_{case_id}" for name in ("case", "for", "against", "abstain", "conclusion")]
        values = []
        for name in names:
            value = data.get(name)
            if isinstance(value, bool):
                value = "on" if value else ""
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            values.append((name, "" if value is None else str(value)))
        # The page's token (config.once), kept out of cleaned_data: 确认提交 is the same page's submission.
        values.append((ONCE_FIELD, str(self.once_token or "")))
        return values

    def summary(self) -> list[dict[str, Any]]:
        """The picked rows for the confirmation page, each with the outcome the votes will give."""
        data = self.cleaned_data
        total = sum(data[f"{prefix}_count"] for prefix, _ in ATTENDEE_GROUPS)
        steps = {cs.case_id: cs for cs in self.candidates}
        return [
            {
                "case_id": case_id,
                "case_step": steps.get(case_id),
                "case": steps[case_id].case if case_id in steps else self.others.get(case_id),
                "votes": (data[f"for_{case_id}"], data[f"against_{case_id}"], data[f"abstain_{case_id}"]),
                "conclusion": data[f"conclusion_{case_id}"],
                "passed": majority_passes(votes_for=data[f"for_{case_id}"], attendees=total),
            }
            for case_id in self.picked_ids()
        ]

    def attendee_summary(self) -> list[tuple[str, int, str]]:
        data = self.cleaned_data
        return [(label, data[f"{prefix}_count"], data[f"{prefix}_names"]) for prefix, label in ATTENDEE_GROUPS]

    def attendee_total(self) -> int:
        return sum(count for _, count, _ in self.attendee_summary())

    def _attendees(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {prefix: (data[f"{prefix}_count"], data[f"{prefix}_names"]) for prefix, _ in ATTENDEE_GROUPS}

    def confirmed_questions(self) -> list[str]:
        """What the cadre confirmed with 仍要提交, for the confirmation page."""
        if not self.cleaned_data.get(CONFIRM_FIELD):
            return []
        return confirmed_facts(attendance_questions(self._attendees()))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        reviews = [
            ReviewInput(
                case_id=case_id,
                votes_for=data[f"for_{case_id}"],
                votes_against=data[f"against_{case_id}"],
                votes_abstain=data[f"abstain_{case_id}"],
                conclusion=data[f"conclusion_{case_id}"],
            )
            for case_id in self.picked_ids()
        ]
        return {
            "held_on": data["held_on"],
            "place": data["place"],
            "host": data["host"],
            "attendees": self._attendees(),
            "reviews": reviews,
            "confirm_unusual": bool(data.get(CONFIRM_FIELD)),
        }


class MinutesForm(NamedFieldMessagesMixin, forms.Form):
    """The minutes of a meeting recorded without them (services.meetings.meeting_minutes_attach)."""

    minutes = forms.FileField(
        label="会议记录（PDF/JPG/PNG，不超过 10 MB）",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,.pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": "请选择会议记录文件。"},
    )
