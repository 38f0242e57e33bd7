"""No test module computes a date when it is imported: a date taken at collection is yesterday's by the time a test
runs after midnight (Asia/Shanghai), and the app, which asks for today when it runs, then disagrees with the test
(a suite crossing midnight failed 15 tests so). Tests call tests.clock.today() where they need the date.

This test reads every tests/**/*.py with ast and refuses, at module level (and in decorators, default arguments
and class bodies, which also run at import), any call of localdate, date.today, datetime.now, timezone.now, of
anything called now or today, of tests.clock's functions, and of a test module's function that calls one of these
(directly or through another)."""

import ast
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
CLOCK = ast.parse((TESTS_DIR / "clock.py").read_text(encoding="utf-8"))
# The calls that ask for the date: Django's and the datetime module's, and tests.clock's (today(), this_year()).
DATE_CALLS = frozenset({"localdate", "now", "today", "utcnow"}) | {
    node.name for node in CLOCK.body if isinstance(node, ast.FunctionDef)
}


def called_name(call: ast.Call) -> str | None:
    """The name a call calls: `today` for today() and dt.date.today(), `now` for timezone.now()."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def import_time_nodes(tree: ast.Module):
    """The nodes evaluated when the module is imported: everything but the bodies of functions and lambdas (their
    decorators and default arguments are evaluated; class bodies are too)."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            pending.extend(node.decorator_list)
            pending.extend(node.args.defaults)
            pending.extend(d for d in node.args.kw_defaults if d is not None)
        elif isinstance(node, ast.Lambda):
            pending.extend(node.args.defaults)
            pending.extend(d for d in node.args.kw_defaults if d is not None)
        else:
            pending.extend(ast.iter_child_nodes(node))


def function_calls(tree: ast.Module) -> dict[str, set[str | None]]:
    """What each function of the module calls, by name."""
    return {
        node.name: {called_name(n) for n in ast.walk(node) if isinstance(n, ast.Call)}
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def date_functions(calls: dict[str, set[str | None]], date_calls: frozenset[str]) -> set[str]:
    """The functions of a module (`calls`: function_calls) that ask for the date when called: they call one of
    `date_calls`, directly or through another of them."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, called in calls.items():
            if name not in found and called & (date_calls | found):
                found.add(name)
                changed = True
    return found


def imported_date_functions(tree: ast.Module, by_module: dict[str, set[str]]) -> set[str]:
    """The names this module imports (from tests.x import f) of other test modules' functions that ask for the date."""
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module in by_module
        for alias in node.names
        if alias.name in by_module[node.module]
    }


def import_time_dates(tree: ast.Module, imported: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(line, call) of each call in the module that asks for the date when the module is imported."""
    date_calls = DATE_CALLS | imported
    refused = date_calls | date_functions(function_calls(tree), date_calls)
    found = {
        (node.lineno, ast.unparse(node))
        for node in import_time_nodes(tree)
        if isinstance(node, ast.Call) and called_name(node) in refused
    }
    return sorted(found)


def test_no_test_module_asks_for_the_date_at_import():
    trees = {
        ".".join(path.relative_to(TESTS_DIR.parent).with_suffix("").parts): (
            path,
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path)),
        )
        for path in sorted(TESTS_DIR.rglob("*.py"))
    }
    # A helper of one test module that asks for the date, called at import by another, is refused too.
    calls = {module: function_calls(tree) for module, (_path, tree) in trees.items()}
    by_module: dict[str, set[str]] = {module: set() for module in trees}
    changed = True
    while changed:
        changed = False
        for module, (_path, tree) in trees.items():
            functions = date_functions(calls[module], DATE_CALLS | imported_date_functions(tree, by_module))
            if functions != by_module[module]:
                by_module[module] = functions
                changed = True

    found = [
        f"{path.relative_to(TESTS_DIR.parent)}:{line}: {call}"
        for path, tree in trees.values()
        for line, call in import_time_dates(tree, frozenset(imported_date_functions(tree, by_module)))
    ]

    assert not found, "dates taken at import (call tests.clock.today() in the test instead):\n" + "\n".join(found)


def test_the_check_sees_decorators_defaults_and_class_bodies_but_not_function_bodies():
    source = (
        "import datetime as dt\n"
        "from django.utils import timezone\n"
        "TODAY = timezone.localdate()\n"
        "def field():\n"
        "    return {'on': dt.date.today()}\n"
        "FIELD = field()\n"
        "@pytest.mark.parametrize('day', [dt.datetime.now()])\n"
        "def test_a(day, on=timezone.now()):\n"
        "    assert dt.date.today()\n"
        "class TestB:\n"
        "    YEAR = dt.date.today().year\n"
        "    def test_c(self):\n"
        "        assert timezone.localdate()\n"
        "LATER = lambda: timezone.now()\n"
        "STAMP = today()\n"
        "YEAR = this_year()\n"
        "PLAN = helper_of_another_module()\n"
        "FIXED = dt.date(2026, 12, 4)\n"
    )

    found = import_time_dates(ast.parse(source), frozenset({"helper_of_another_module"}))

    assert [line for line, _call in found] == [3, 6, 7, 8, 11, 15, 16, 17]
