"""The measure catalogue on the configuration site (accounts.admin_site), saved through assistance.services.catalogue
so every edit is validated and audited."""

from django import forms
from django.contrib import admin

from accounts.admin_site import ConfigModelAdmin, UsedChoicesFilter
from accounts.choices import Department
from assistance.models import MeasureCategory, MeasureType
from assistance.services import catalogue
from assistance.services.catalogue import MSG_DEPARTMENT_UNKNOWN
from config.forms import ServiceModelForm
from households.choices import RiskType


class CategoryForm(ServiceModelForm):
    class Meta:
        model = MeasureCategory
        fields = ["code", "name", "order"]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> MeasureCategory:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return catalogue.category_save(actor=self.actor, category=self.instance if self.instance.pk else None, **data)


@admin.register(MeasureCategory)
class MeasureCategoryAdmin(ConfigModelAdmin):
    form = CategoryForm
    # The code (industry) is the data's key, on the change page; the county reads the category by its name.
    list_display = ["name", "order"]


class MeasureTypeForm(ServiceModelForm):
    risk_types = forms.MultipleChoiceField(
        label="对应风险类型", choices=RiskType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    # Who may carry the measure besides its default department (catalogue.allowed_departments).
    co_departments = forms.MultipleChoiceField(
        label="协同部门",
        choices=Department.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=MeasureType._meta.get_field("co_departments").help_text,
        error_messages={"invalid_choice": MSG_DEPARTMENT_UNKNOWN.format(codes="%(value)s")},
    )

    class Meta:
        model = MeasureType
        fields = [
            "category",
            "code",
            "name",
            "default_department",
            "co_departments",
            "default_unit_name",
            "risk_types",
            "for_member",
            "order",
            "is_active",
            "description",
        ]

    def validate_unique(self) -> None:
        """The service says it in Chinese."""

    def call_service(self) -> MeasureType:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return catalogue.measure_type_save(
            actor=self.actor, measure_type=self.instance if self.instance.pk else None, **data
        )


@admin.register(MeasureType)
class MeasureTypeAdmin(ConfigModelAdmin):
    form = MeasureTypeForm
    list_display = ["name", "category", "default_department", "default_unit_name", "for_member", "is_active", "order"]
    list_filter = ["category", ("default_department", UsedChoicesFilter), "is_active"]
    search_fields = ["name", "code"]
