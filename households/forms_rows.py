"""The new-household form's member rows (households.forms.MemberFormSet)."""

from typing import Any

from django import forms


class MemberRowsFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    @property
    def filled_forms(self) -> list[Any]:
        """The rows that are members. A row added with ＋ 添加成员 and left as it came (nothing typed, its lists at
        their defaults) is none: Django's formset skips such an extra form's checks, and the rules across rows and the
        service are not given it either, so a row added by mistake does not block saving the others. The first row
        (min_num) is always one."""
        return [form for form in self.forms if not (form.empty_permitted and not form.has_changed())]
