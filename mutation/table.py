"""The per-module table `make mutate` prints: killed, survived and score of every mutated module.

Reads mutmut's results (mutants/**/*.py.meta, one {"exit_code_by_key": {mutant: exit code}} per
module) and Stryker's JSON report (mutation-testing-report schema: files -> mutants -> status).
The score is killed / (killed + survived + not covered): a timeout counts as killed (the mutant
made the tests hang, so they noticed it), a mutant no test reaches as survived, and a mutant that
was not run (or that the type checker refused before any test) is left out.

    python -m mutation.table [--mutants DIR] [--stryker FILE]
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# mutmut's exit codes (mutmut/stats.py status_by_exit_code): 1 and 3 killed, 0 survived, 5 and
# 33 no tests, 24/-24/36/152/255 timeouts, -9/-11 a crash (the mutant broke the process: killed).
MUTMUT_KILLED = {1, 3, 24, -24, 36, 152, 255, -9, -11}
MUTMUT_SURVIVED = {0}
MUTMUT_NOT_COVERED = {5, 33}
STRYKER_KILLED = {"Killed", "Timeout", "RuntimeError"}
STRYKER_SURVIVED = {"Survived"}
STRYKER_NOT_COVERED = {"NoCoverage"}


@dataclass
class ModuleScore:
    module: str
    killed: int = 0
    survived: int = 0  # not covered included

    @property
    def score(self) -> float:
        total = self.killed + self.survived
        return self.killed / total if total else 1.0

    def add(self, other: ModuleScore) -> None:
        self.killed += other.killed
        self.survived += other.survived


def score_of(module: str, outcomes: Iterable, killed: set, survived: set) -> ModuleScore:
    result = ModuleScore(module)
    for outcome in outcomes:
        if outcome in killed:
            result.killed += 1
        elif outcome in survived:
            result.survived += 1
    return result


def mutmut_scores(mutants_dir: Path) -> list[ModuleScore]:
    scores = []
    for meta in sorted(mutants_dir.rglob("*.py.meta")):
        codes = json.loads(meta.read_text("utf-8")).get("exit_code_by_key", {}).values()
        module = str(meta.relative_to(mutants_dir)).removesuffix(".meta")
        scores.append(score_of(module, codes, MUTMUT_KILLED, MUTMUT_SURVIVED | MUTMUT_NOT_COVERED))
    return [score for score in scores if score.killed + score.survived]


def stryker_scores(report: Mapping, prefix: str = "frontend/") -> list[ModuleScore]:
    return [score_of(prefix + name, (mutant["status"] for mutant in entry["mutants"]), STRYKER_KILLED,
                     STRYKER_SURVIVED | STRYKER_NOT_COVERED)
            for name, entry in sorted(report.get("files", {}).items())]


def table(groups: Mapping[str, list[ModuleScore]]) -> str:
    """A markdown table, one row per module and a total row per group."""
    lines = ["| module | killed | survived | score |", "| --- | ---: | ---: | ---: |"]
    for name, scores in groups.items():
        if not scores:
            continue
        total = ModuleScore(f"**{name} total**")
        for score in scores:
            lines.append(_row(score))
            total.add(score)
        lines.append(_row(total))
    return "\n".join(lines)


def _row(score: ModuleScore) -> str:
    return f"| {score.module} | {score.killed} | {score.survived} | {score.score:.1%} |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    parser.add_argument("--stryker", type=Path, default=Path("var/mutation/stryker.json"))
    args = parser.parse_args(argv)
    python = mutmut_scores(args.mutants) if args.mutants.is_dir() else []
    frontend = stryker_scores(json.loads(args.stryker.read_text("utf-8"))) if args.stryker.is_file() else []
    print(table({"Python (mutmut)": python, "frontend (Stryker)": frontend}))


if __name__ == "__main__":
    main()
