"""The services are the rules and the API only translates: no service module reaches up into crm.api."""
from __future__ import annotations

import ast
from pathlib import Path

import crm.services

SERVICES = Path(crm.services.__file__).parent


def _imported(path: Path) -> set[str]:
    """Every module `path` imports, written absolute (crm.api.schemas, not ..api.schemas)."""
    package = ["crm", *path.relative_to(SERVICES.parent).parent.parts]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def test_no_service_imports_the_api_layer():
    offenders = {str(path.relative_to(SERVICES.parent)): sorted(n for n in _imported(path) if n.startswith("crm.api"))
                 for path in sorted(SERVICES.rglob("*.py"))}
    assert {path: names for path, names in offenders.items() if names} == {}

