"""A measure's free-text note on a form (实施情况, 办理情况): capped as the service caps it (measure_checks.NOTE_MAX),
with the cap shown under the box and the browser's maxlength, and the message naming the note."""

from django import forms

from assistance.services.measure_checks import NOTE_MAX

MSG_FORM_NOTE_LONG = "{label}不能超过{n}字，请精简。"


def note_field(label: str, *, name: str = "", required: bool = True) -> forms.CharField:
    """`name` is what the messages call the note when the label says more (办理情况 / 帮扶成效（…）)."""
    name = name or label
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"不超过{NOTE_MAX}字",
        error_messages={
            "required": f"请填写{name}。",
            "max_length": MSG_FORM_NOTE_LONG.format(label=name, n=NOTE_MAX),
        },
    )
