"""Views read person data only through queries scoped to the user (core.access).

A view that wrote `Event.objects.get(...)` would skip need-to-know; this walks
every views module and fails if one touches a person-data manager directly.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "fullpicture"
PERSON_DATA = {
    "Person",
    "PersonRecord",
    "Event",
    "EventInvolvement",
    "Relationship",
    "Address",
    "Identifier",
}
SCOPED = {"visible_to"}


def _unscoped_reads(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        # Model.objects.<method>(...) where <method> is not a scoping method
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "objects"
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id in PERSON_DATA
            and node.attr not in SCOPED
        ):
            found.append(f"line {node.lineno}: {node.value.value.id}.objects.{node.attr}")
        # get_object_or_404(Model, ...) on a bare model
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("get_object_or_404", "get_list_or_404")
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in PERSON_DATA
        ):
            found.append(f"line {node.lineno}: {node.func.id}({node.args[0].id}, ...)")
    return found


@pytest.mark.parametrize("views", sorted(PACKAGE.glob("*/views.py")), ids=lambda p: p.parent.name)
def test_views_read_person_data_only_through_scoped_queries(views):
    assert _unscoped_reads(views.read_text(encoding="utf-8")) == []


def test_the_check_catches_an_unscoped_read():
    bad = "def v(request, pk):\n    return Event.objects.get(pk=pk)\n"
    worse = "def v(request, pk):\n    return get_object_or_404(Person, pk=pk)\n"
    fine = "def v(request, pk):\n    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)\n"
    assert _unscoped_reads(bad) == ["line 2: Event.objects.get"]
    assert _unscoped_reads(worse) == ["line 2: get_object_or_404(Person, ...)"]
    assert _unscoped_reads(fine) == []
