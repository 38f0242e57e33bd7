"""The audit log's change lists name every recorded key in words, never by its code (review api, finding 2): a
member's status change or restore that changed the household's name read "head_name" where 户主姓名 belongs."""

import ast
import pathlib

import pytest

from accounts.audit_field_words import UNLABELLED
from accounts.audit_labels import audit_rows, field_label
from accounts.models import AuditEvent

APPS = ("accounts", "households", "alerts", "assistance", "workflow", "screening", "reports")
ROOT = pathlib.Path(__file__).resolve().parents[2]


def _constants(tree: ast.Module) -> dict[str, str]:
    """The module's NAME = "text" constants (HEAD_NAME_FIELD = "head_name")."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _text(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def recorded_keys() -> dict[str, str]:
    """Every key the services write into an audit event literally: the keys of dicts given as before= or after=,
    and the "field" of change rows ({"field": ..., "old": ..., "new": ...}), with the module writing it."""
    keys: dict[str, str] = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            constants = _constants(tree)
            for node in ast.walk(tree):
                dicts: list[ast.Dict] = []
                if isinstance(node, ast.Call):
                    for keyword in node.keywords:
                        if keyword.arg in ("before", "after"):
                            dicts += [sub for sub in ast.walk(keyword.value) if isinstance(sub, ast.Dict)]
                    for sub in dicts:
                        for key in sub.keys:
                            if key is not None and (name := _text(key, constants)):
                                keys.setdefault(name, str(path.relative_to(ROOT)))
                if isinstance(node, ast.Dict):
                    entries = {_text(k, constants): v for k, v in zip(node.keys, node.values, strict=True) if k}
                    if "field" in entries and "old" in entries and (name := _text(entries["field"], constants)):
                        keys.setdefault(name, str(path.relative_to(ROOT)))
    return keys


@pytest.mark.django_db
def test_every_key_the_services_record_has_a_chinese_label():
    keys = recorded_keys()
    assert "head_name" in keys and len(keys) > 30  # the walk finds what it should
    unlabelled = {
        name: module
        for name, module in keys.items()
        if name and (field_label("", name) == UNLABELLED or field_label("", name).isascii())
    }
    assert not unlabelled


def test_a_key_no_one_named_reads_in_words_not_as_its_code():
    assert field_label("households.member", "head_name") == "户主姓名"
    assert field_label("households.member", "some_new_key") == UNLABELLED


@pytest.mark.django_db
def test_a_members_event_that_renamed_the_household_reads_huzhu_xingming(personas):
    event = AuditEvent.objects.create(
        action="member.status",
        summary="标记家庭成员状态",
        object_type="households.member",
        object_id="1",
        before={"head_name": "甲"},
        after={"head_name": "乙"},
    )
    (row,) = audit_rows(personas.audit_admin, [event])
    assert any(line.startswith("户主姓名") for line in row.changes), row.changes
    assert not any("head_name" in line for line in row.changes)
