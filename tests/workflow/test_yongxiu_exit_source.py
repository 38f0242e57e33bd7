"""Yongxiu's risk-elimination procedure cites its own document (永党农字〔2021〕3号 §三(三)8), not Taogou's (Anhui)
实施方案; migration 0024 corrects an installed procedure still holding the old text and nothing else."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from workflow.models import Procedure, Step
from workflow.presets import install

pytestmark = pytest.mark.django_db

OLD = "永党农字〔2021〕3号 §三(三)8；桃沟乡集中排查实施方案 §二2(5)"
NEW = "永党农字〔2021〕3号 §三(三)8"
migration = importlib.import_module("workflow.migrations.0024_yongxiu_exit_source")


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("workflow", "0023_exit_presets_laiyuan_taogou"))
    migration.forwards(state.apps, None)


def test_a_new_database_cites_only_yongxius_own_document():
    install(Procedure, Step)

    assert Procedure.objects.get(code="yongxiu_exit").source == NEW


def test_the_migration_corrects_the_old_citation_and_touches_nothing_else():
    install(Procedure, Step)
    Procedure.objects.filter(code="yongxiu_exit").update(source=OLD, name="永修县风险消除程序（县定）")
    taogou_before = Procedure.objects.get(code="taogou_exit").source
    own = Procedure.objects.create(code="other_exit", name="某县风险消除程序", kind="exit", source=OLD)

    run_migration()

    yongxiu = Procedure.objects.get(code="yongxiu_exit")
    assert yongxiu.source == NEW and yongxiu.name == "永修县风险消除程序（县定）"
    assert Procedure.objects.get(code="taogou_exit").source == taogou_before
    own.refresh_from_db()
    assert own.source == OLD


def test_the_migration_leaves_a_citation_the_county_wrote_itself():
    install(Procedure, Step)
    Procedure.objects.filter(code="yongxiu_exit").update(source="永修县自定依据")

    run_migration()

    assert Procedure.objects.get(code="yongxiu_exit").source == "永修县自定依据"
