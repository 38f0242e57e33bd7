"""The year's income and expenses form (录入年度收支). It validates shape; the rules live in
households.services.income, which the form asks too so that one round says everything."""

from typing import Any

from django import forms
from django.utils import timezone

from config.forms import NamedFieldMessagesMixin
from config.stale import StaleFormMixin
from households.forms_confirm import ConfirmUnusualMixin, amount_messages
from households.models import HouseholdIncome
from households.selectors import income_years_not_entered
from households.services.confirm import CONFIRM_FIELD
from households.services.income import AMOUNT_FIELDS, income_errors, per_capita_words

MSG_INCOME_YEAR_EXISTS = (
    "{year}年度收支已录入（人均纯收入 {per_capita}），不能重复录入。如需更正，请在收支表中点该年度的“修改”。"
)


class IncomeForm(StaleFormMixin, ConfirmUnusualMixin, NamedFieldMessagesMixin, forms.ModelForm):
    # A correction writes only the amounts the user changed on the page they saw (config.stale).
    stale_fields = AMOUNT_FIELDS

    class Meta:
        model = HouseholdIncome
        fields = ["year", *AMOUNT_FIELDS]

    def __init__(self, *args: Any, household: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.household = household
        if self.instance.pk:
            # Correcting a year's row: the year is the row's, so a correction never lands on another year.
            self.fields["year"].disabled = True
        else:
            # Only the years not yet entered are offered: an entered year is corrected through its own form, and
            # a cadre who picked one would otherwise type nine amounts into a form that refuses them.
            years = income_years_not_entered(household)
            self.fields["year"].widget = forms.Select(choices=[(year, f"{year}年") for year in years])
            self.fields["year"].initial = years[0] if years else timezone.localdate().year
            self.fields["year"].help_text = "只列出尚未录入的年度；已录入的年度请在收支表中点该年度的“修改”。"
        for name in AMOUNT_FIELDS:
            field = self.fields[name]
            # Blank is 0 (income_save): a phone user types only the amounts the household has.
            field.required = False
            field.label = f"{field.label}（元）"
            field.widget.attrs.update({"inputmode": "decimal", "step": "0.01", "min": "0", "placeholder": "0"})
            amount_messages(field)
            if not self.instance.pk:
                self.initial[name] = None
        self.add_confirm_field()  # an implausible amount asked about (households.services.income)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not self.instance.pk:
            existing = self.household.incomes.filter(year=year).first()
            if existing is not None:
                per_capita = per_capita_words(existing.per_capita_net_income)
                raise forms.ValidationError(MSG_INCOME_YEAR_EXISTS.format(year=year, per_capita=per_capita))
        return year

    def clean(self) -> dict[str, Any]:
        """The service's rules over the amounts that could be read, so that a negative amount is said with an
        unreadable one, in one round (review rev-cadre finding 13); income_save checks them again."""
        cleaned = super().clean()
        amounts = {name: cleaned.get(name) for name in AMOUNT_FIELDS if name not in self.errors}
        errors, _ = income_errors(
            household=self.household,
            year=cleaned.get("year"),
            amounts=amounts,
            confirm_unusual=bool(cleaned.get(CONFIRM_FIELD)),
            complete=len(amounts) == len(AMOUNT_FIELDS),
            # A correction: each amount against the one on file (a dropped 0 is asked about before it is saved).
            on_file={name: getattr(self.instance, name) for name in AMOUNT_FIELDS} if self.instance.pk else None,
        )
        for name, message in errors.items():
            self.add_error(None if name == "__all__" else name, message)
        return cleaned

    def validate_unique(self) -> None:
        """One row per year: clean_year refuses a new row for a year that has one; a correction updates it."""
