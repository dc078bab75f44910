"""The table `make mutate` prints: per module killed, survived and score, from mutmut's and Stryker's results."""
import json

from mutation.table import main


def test_table_per_module_from_mutmut_and_stryker_results(tmp_path, capsys):
    mutants = tmp_path / "mutants"
    (mutants / "annotator" / "rules").mkdir(parents=True)
    # 1 killed, 0 survived, 33 no tests, 36 timeout (killed), None not run (left out), 37 type-checked (left out).
    codes = {"a__mutmut_1": 1, "a__mutmut_2": 0, "a__mutmut_3": 33, "a__mutmut_4": 36, "a__mutmut_5": None,
             "a__mutmut_6": 37, "a__mutmut_7": 1}
    (mutants / "annotator" / "rules" / "spans.py.meta").write_text(json.dumps({"exit_code_by_key": codes}))
    (mutants / "annotator" / "rules" / "roles.py.meta").write_text(json.dumps({"exit_code_by_key": {"b": None}}))
    report = {"files": {"src/domain/spans.ts": {"mutants": [{"status": s} for s in (
        "Killed", "Killed", "Timeout", "Survived", "NoCoverage", "CompileError", "Ignored")]}}}
    stryker = tmp_path / "stryker.json"
    stryker.write_text(json.dumps(report))

    main(["--mutants", str(mutants), "--stryker", str(stryker)])

    assert capsys.readouterr().out.splitlines() == [
        "| module | killed | survived | score |",
        "| --- | ---: | ---: | ---: |",
        "| annotator/rules/spans.py | 3 | 2 | 60.0% |",
        "| **Python (mutmut) total** | 3 | 2 | 60.0% |",
        "| frontend/src/domain/spans.ts | 3 | 2 | 60.0% |",
        "| **frontend (Stryker) total** | 3 | 2 | 60.0% |",
    ]


def test_missing_results_print_an_empty_table(tmp_path, capsys):
    main(["--mutants", str(tmp_path / "none"), "--stryker", str(tmp_path / "none.json")])
    assert capsys.readouterr().out.splitlines() == ["| module | killed | survived | score |", "| --- | ---: | ---: | ---: |"]
