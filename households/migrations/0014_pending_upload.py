# PendingUpload moves from workflow to households (so that the registry's visit form may keep its photo across an
# error). The table stays workflow_pendingupload (Meta.db_table), with its rows: this creates the model in the state
# only; workflow 0016 removes workflow's model from the state only. On a fresh database the table is made by
# workflow 0013 as before.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0013_visit_once"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PendingUpload",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("purpose", models.CharField(max_length=60, verbose_name="用途")),
                        ("token", models.CharField(max_length=64, unique=True, verbose_name="令牌")),
                        ("file", models.FileField(upload_to="pending/%Y/%m/", verbose_name="文件")),
                        ("name", models.CharField(max_length=255, verbose_name="原文件名")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="上传时间"),
                        ),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="上传人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "待提交的上传文件",
                        "verbose_name_plural": "待提交的上传文件",
                        "db_table": "workflow_pendingupload",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
