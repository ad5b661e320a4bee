"""One clock: no project code reads the date or time without a time zone (date.today(),
datetime.now() without tz, datetime.utcnow() and friends); it uses django.utils.timezone's
localdate()/now(), so that every day is a day in settings.TIME_ZONE."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "node_modules", "var", "static", ".git"}
# (object, method) pairs whose answer depends on the machine's clock zone, or is naive.
NAIVE = {
    ("date", "today"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("datetime", "utcfromtimestamp"),
}
NEED_TZ = {("datetime", "now"): 0, ("datetime", "fromtimestamp"): 1}


def _naive_calls(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        pair = (name, node.func.attr)
        has_tz = any(k.arg == "tz" for k in node.keywords)
        if pair in NAIVE or (pair in NEED_TZ and len(node.args) <= NEED_TZ[pair] and not has_tz):
            found.append((node.lineno, f"{pair[0]}.{pair[1]}()"))
    return found


def test_it_finds_no_naive_clock_in_the_project():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [
            f"{path.relative_to(ROOT)}:{line}: {call}" for line, call in _naive_calls(tree)
        ]
    assert not offenders, "use django.utils.timezone.localdate()/now():\n" + "\n".join(offenders)


def test_it_recognises_the_naive_calls_it_forbids():
    source = (
        "date.today()\ndatetime.datetime.now()\ndatetime.utcnow()\n"
        "datetime.now(tz=UTC)\ndatetime.now(BEIJING)\ntimezone.localdate()\n"
        "datetime.fromtimestamp(0)\ndatetime.fromtimestamp(0, UTC)\n"
    )
    assert [line for line, _call in _naive_calls(ast.parse(source))] == [1, 2, 3, 7]
