"""A code module over 400 lines, or a function over 60, is a sign a concept wants its
own file (style.md, "Layout"). This holds the apps to it and names the offenders.

Pure data is exempt, each file by name below; migrations are generated (and carry
data such as the skill taxonomy). bench/ and tests/ are not the apps.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "applications", "listings", "jobportal")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Data, not code: read as tables, not followed as logic.
EXEMPT_MODULES = {
    "listings/demo/content.py": "the demo's companies, roles, skill lines, names and benefits",
    "jobportal/settings.py": "the one settings module (style.md, Settings): values read from the environment",
}


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def relative(path):
    return path.relative_to(ROOT).as_posix()


def test_the_walk_finds_the_apps_modules():
    names = {relative(path) for path in app_modules()}

    assert "listings/services/jobs.py" in names
    assert "accounts/access.py" in names
    assert not any("/migrations/" in name for name in names)


def test_exemptions_name_files_that_exist():
    names = {relative(path) for path in app_modules()}

    assert set(EXEMPT_MODULES) <= names


def test_no_code_module_is_over_400_lines():
    too_long = {
        relative(path): length
        for path in app_modules()
        if relative(path) not in EXEMPT_MODULES
        and (length := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }

    assert not too_long, f"Modules over {MAX_MODULE_LINES} lines (split them by concept): {too_long}"


def test_no_function_is_over_60_lines():
    too_long = []
    for path in app_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{relative(path)}:{node.lineno} {node.name}() is {length} lines")

    assert not too_long, f"Functions over {MAX_FUNCTION_LINES} lines: {too_long}"
