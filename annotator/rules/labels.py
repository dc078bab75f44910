"""What a label (entity or relation type) may be called and bound to: pure rules, no database.

`others` are the (name, hotkey) pairs of the project's other types of the same kind; the
answer is a list of `{"field", "message"}` errors, empty when the label is fine.
"""
import re

# A colour a page may put into a style: #rgb, #rrggbb, #rrggbbaa or a CSS colour name.
COLOR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,20})$")
# Keys the editor keeps for itself (help, undo, escape and arrows never reach a label).
RESERVED_HOTKEYS = frozenset("?")


def label_errors(*, name: str, hotkey: str = "", color: str | None = None,
                 others: list[tuple[str, str]]) -> list[dict]:
    errors = []
    name = name.strip()
    if not name:
        errors.append({"field": "name", "message": "required"})
    elif any(name == other for other, _ in others):
        errors.append({"field": "name", "message": f"another type is already called {name!r}"})
    if hotkey:
        owner = next((other for other, key in others if key == hotkey), None)
        if len(hotkey) != 1 or hotkey.isspace():
            errors.append({"field": "hotkey", "message": "one key, not a space"})
        elif hotkey in RESERVED_HOTKEYS:
            errors.append({"field": "hotkey", "message": f"{hotkey!r} is kept for the editor's help"})
        elif owner is not None:
            errors.append({"field": "hotkey", "message": f"{hotkey!r} already belongs to {owner!r}"})
    if color is not None and not COLOR.fullmatch(color):  # fullmatch: `$` also matches before a final "\n"
        errors.append({"field": "color", "message": "a colour such as #7aa2f7"})
    return errors
