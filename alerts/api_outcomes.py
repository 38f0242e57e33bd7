"""What a department clerk reads of an alert its file raised (GET /api/v1/alerts/ for a clerk): the person as the
file named them and the outcome, with the note written for the department, no registry field (need to know:
DOMAIN.md, a clerk "sees no household registry beyond that"). The registry's roles read it extended
(alerts.api_alert_serializers)."""

from typing import Any

from rest_framework import serializers

from alerts.access import is_county_staff
from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.models.uploads import clerk_department
from alerts.privacy import shown_alert_detail, shown_alert_note
from households.privacy import shown_id_number


class OutcomeSerializer(serializers.ModelSerializer):
    """What a department sees of an alert it caused."""

    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text="状态名称")
    # Blank while pending (the model's blank choice), as the schema's enum says: "" is one of its values.
    outcome = serializers.ChoiceField(
        choices=AlertOutcome.choices, allow_blank=True, read_only=True, help_text="核实结果；待核实时为空字符串"
    )
    outcome_display = serializers.CharField(
        source="get_outcome_display", read_only=True, help_text="核实结果名称；待核实时为空字符串"
    )
    upload_name = serializers.CharField(
        source="upload.original_name",
        read_only=True,
        allow_null=True,
        help_text="来源文件名：同一报送期有几个文件时，与 line（行号）一起指明是哪个文件的哪一行"
        "（上传部门和县级业务人员可见，其他角色为空）",
    )

    class Meta:
        model = Alert
        fields = [
            "id", "feed_type", "upload", "upload_name", "line", "person_name", "id_number", "detail", "period_key",
            "raised_on", "due_on", "status", "status_display", "outcome", "outcome_display", "verified_on",
            # The note written for the department (what in the row was wrong); never the cadre's own 核实情况
            # (outcome_note), which may name the household's income or benefits (review rev-clerk 4).
            "department_note", "verify_by",
        ]  # fmt: skip
        read_only_fields = fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        # The department sent the number and sees it; in the registry's roles, the read-only ones see it masked.
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not clerk_department(user):
            data["id_number"] = shown_id_number(user, data.get("id_number") or "")
            # The file's name is the department's (it may name a diagnosis): the upload's readers only.
            data["upload_name"] = data["upload_name"] if is_county_staff(user) else None
        data["detail"] = shown_alert_detail(user, instance)  # health details hidden from read-only roles
        data["department_note"] = shown_alert_note(user, instance, instance.department_note)
        if "outcome_note" in data:
            data["outcome_note"] = shown_alert_note(user, instance)
        return data
