"""农户注销 and its undo (households.services.closing)."""

from django import forms

from households.choices import ClosedReason


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label="注销原因", choices=ClosedReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="说明", required=False, max_length=150, help_text="原因为“其他”时必填；可注明死亡、迁出的时间和去向。"
    )


class ReopenForm(forms.Form):
    note = forms.CharField(label="撤销原因", max_length=150, help_text="如：误将成员标记为迁出，已撤销该标记。")
