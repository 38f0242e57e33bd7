"""A grant change awaiting approval is kept apart (User.approval_pending) instead of saved over the grant in force:
an account whose change waits keeps its approved role and scope. Rows changed under the old scheme (the new grant
saved, the old one in approval_before) are turned round."""

from django.db import migrations, models

GRANT = ("role", "region_path", "region_name", "grid", "department")


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Grid = apps.get_model("households", "Grid")
    for user in User.objects.filter(approval="change").exclude(approval_before=None):
        before = user.approval_before or {}
        requested = {
            "role": user.role,
            "region_path": user.region_path,
            "region_name": user.region_name,
            "grid": user.grid_id,
            "grid_name": Grid.objects.filter(pk=user.grid_id).values_list("name", flat=True).first() or "",
            "department": user.department,
            "approval": before.get("approval", "refused"),
        }
        grid = before.get("grid")
        user.role = before.get("role") or user.role
        user.region_path = before.get("region_path") or user.region_path
        user.region_name = before.get("region_name") or ""
        user.grid_id = grid if grid and Grid.objects.filter(pk=grid).exists() else None
        user.department = before.get("department") or ""
        user.is_staff = user.role == "system_admin"
        user.approval_pending = requested
        user.save(update_fields=[*GRANT, "is_staff", "approval_pending"])


def backwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(approval_pending=None):
        requested = user.approval_pending
        user.approval_before = {
            "role": user.role,
            "region_path": user.region_path,
            "region_name": user.region_name,
            "grid": user.grid_id,
            "grid_name": "",
            "department": user.department,
            "approval": requested.get("approval", ""),
        }
        user.role = requested["role"]
        user.region_path = requested["region_path"]
        user.region_name = requested.get("region_name", "")
        user.grid_id = requested.get("grid")
        user.department = requested.get("department", "")
        user.save(update_fields=[*GRANT, "approval_before"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_once_digest"),
        ("households", "0011_member_id_number_reversed"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="approval_pending",
            field=models.JSONField(blank=True, editable=False, null=True, verbose_name="待审核的角色和管辖范围"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="user", name="approval_before"),
    ]
