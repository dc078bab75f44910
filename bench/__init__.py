"""Benchmarks behind `python manage.py bench <subcommand>`, one module per subcommand.

Each module listed in SUBCOMMANDS provides:
- `HELP`: one line for `bench --help`;
- `add_arguments(parser)`: its own options (the shared ones are added by `common.add_common_arguments`);
- `run(options: dict, out) -> dict`: measure, print progress to `out`, return the result, which
  the command writes as JSON and as a markdown table (bench/common.py).

Timings never go into tests; tests only check that a tiny run works.
"""
SUBCOMMANDS = {
    "api": "bench.api",
    "import": "bench.imports",
    "export": "bench.export",
    "prelabel": "bench.prelabel",
    "scale": "bench.scale",
    "all": "bench.all",
}
