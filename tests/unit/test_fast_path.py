"""The fast path (positions on demand, worker processes, per-file cache) finds exactly
what the straightforward path finds: same codes, messages, hints, lines and columns."""

from __future__ import annotations

import difflib
import random
from datetime import date
from pathlib import Path

import pytest

from bench.generate import generate
from pcaet_cli.diagnostic import Diagnostic
from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.register import parallel
from tests.conftest import EXAMPLE
from tests.rules.test_faulty_example import faulty_copy

# Late enough for lateness findings (P011) on many actions: positions of many files.
LATE = date(2027, 12, 31)


def _every_field(diags: list[Diagnostic]) -> list[tuple[object, ...]]:
    return [
        (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.severity, d.message, d.hint)
        for d in diags
    ]


def _both(root: Path, today: date) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    straight = run_lint(LintRequest(root, today=today, fast=False)).result.diagnostics
    fast = run_lint(LintRequest(root, today=today)).result.diagnostics
    return _every_field(straight), _every_field(fast)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes even for small registers: the parallel path is the one tested."""
    monkeypatch.setenv("PCAET_JOBS", "2")
    monkeypatch.setattr(parallel, "THRESHOLD", 2)


@pytest.mark.parametrize("today", [date(2026, 11, 29), LATE])
def test_example_register(today: date, workers: None) -> None:
    straight, fast = _both(EXAMPLE, today)
    assert fast == straight
    if today == LATE:
        assert any(d[5] == "P011" for d in fast)


def test_faulty_copy_every_rule(tmp_path: Path, workers: None) -> None:
    root = tmp_path / "register"
    faulty_copy(root)
    straight, fast = _both(root, LATE)
    assert fast == straight
    assert len({d[5] for d in fast}) >= 45


def _inject(root: Path, seed: int) -> None:
    """Faults of every layer in a generated register: broken YAML, wrong types, unknown
    keys, duplicate keys, an encoding error, a dangling reference, a text with U+2028."""
    rng = random.Random(seed)
    actions = sorted((root / "actions").glob("*.yaml"))
    picked = rng.sample(actions, 8)
    texts = [p.read_text(encoding="utf-8") for p in picked]
    picked[0].write_text(texts[0].replace("titre:", "titre: [non fermé", 1), encoding="utf-8")
    picked[1].write_text(texts[1].replace("priorite:", "priorite: 3\npriorité:", 1))
    picked[2].write_text(texts[2] + "cle_inconnue: 1\n", encoding="utf-8")
    picked[3].write_text(texts[3] + "titre: encore\n", encoding="utf-8")
    picked[4].write_bytes(texts[4].replace("Action", "Acti\xe9n", 1).encode("cp1252"))
    picked[5].write_text(texts[5].replace("pilote: ", "pilote: x-", 1), encoding="utf-8")
    picked[6].write_text(
        texts[6].replace("titre: ", "titre: ligne\u2028suite ", 1), encoding="utf-8"
    )
    picked[7].write_text(texts[7].replace("\n", "\n\t", 1), encoding="utf-8")


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_register_with_injected_faults(tmp_path: Path, seed: int, workers: None) -> None:
    root = tmp_path / "registre"
    generate(root, 120, faults=6, seed=seed)
    _inject(root, seed)
    straight, fast = _both(root, LATE)
    assert fast == straight
    codes = {d[5] for d in fast}
    assert {"Y001", "Y002", "Y003", "S002", "R001", "P011"} <= codes


def test_warm_run_equals_cold_run(tmp_path: Path, workers: None) -> None:
    root = tmp_path / "registre"
    generate(root, 80, faults=4, seed=3)
    _inject(root, 3)
    cold = _every_field(run_lint(LintRequest(root, today=LATE)).result.diagnostics)
    warm = _every_field(run_lint(LintRequest(root, today=LATE)).result.diagnostics)
    straight = _every_field(run_lint(LintRequest(root, today=LATE, fast=False)).result.diagnostics)
    assert warm == cold == straight


def test_suggestion_among_many_identifiers() -> None:
    # Above MANY choices only the likeliest are compared: the typo is still found.
    from pcaet_cli.textmatch import MANY, Matcher

    ids = [f"act-{i:06d}" for i in range(MANY * 3)] + ["svc-mobilites", "elu-mobilite"]
    matcher = Matcher(ids)
    assert matcher.grams
    assert matcher.closest("svc-mobilite") == "svc-mobilites"
    assert matcher.closest("SVC-Mobilités") == "svc-mobilites"
    # One character off: a suggestion as close as difflib would find among all.
    guess = matcher.closest("act-00012x")
    assert guess is not None
    assert difflib.SequenceMatcher(None, "act-00012x", guess).ratio() >= 0.9
    assert matcher.closest("zzzz") is None
