"""The frontend's API types are generated from frontend/src/api/schema.json (`npm run gen:types`):
that file must be the schema the server publishes now, or the types drift from the API."""
import json
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "frontend" / "src" / "api" / "schema.json"


def _differences(committed: dict, current: dict) -> list[str]:
    """Where the two schemas differ, as paths and components, for the failure message."""
    lines = []
    for part in ("paths", "components"):
        old, new = committed.get(part, {}), current.get(part, {})
        groups = {"paths": {"": (old, new)}, "components": {f"{kind}/": (old.get(kind, {}), new.get(kind, {}))
                                                            for kind in sorted(set(old) | set(new))}}[part]
        for prefix, (old_items, new_items) in groups.items():
            for name in sorted(set(old_items) | set(new_items)):
                if old_items.get(name) != new_items.get(name):
                    state = "added" if name not in old_items else "removed" if name not in new_items else "changed"
                    lines.append(f"  {part} {prefix}{name}: {state}")
    for key in sorted(set(committed) | set(current)):
        if key not in ("paths", "components") and committed.get(key) != current.get(key):
            lines.append(f"  {key}: changed")
    return lines


def test_committed_schema_is_the_current_one(tmp_path):
    generated = tmp_path / "schema.json"
    # What `make schema` runs, and what GET /api/v1/schema/ serves (the same custom settings).
    call_command("spectacular", "--format", "openapi-json", "--custom-settings", "api.schema.SCHEMA_SETTINGS",
                 "--file", str(generated))
    current = json.loads(generated.read_text(encoding="utf-8"))
    assert COMMITTED.exists(), f"{COMMITTED.relative_to(ROOT)} is missing: run `make schema`"
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    if committed != current:
        differences = "\n".join(_differences(committed, current)[:40])
        raise AssertionError(
            f"{COMMITTED.relative_to(ROOT)} is not the API's schema any more: run `make schema` "
            f"(then `cd frontend && npm run build` to check the frontend against it).\n{differences}")
