"""Loaded by mutmut's pytest runs only ([tool.mutmut] pytest_add_cli_args: -p mutation.pytest_plugin).

mutmut runs pytest twice in one process (once to map tests to functions, once clean) and then
once per mutant in forked children, so Hypothesis sees a class-based test called from several
instances and fails its `differing_executors` health check, a check about replaying examples
that says nothing about the code. Mutation runs also want the same examples every time, so a
survivor is not a matter of luck: derandomized, without the example database.
"""
from hypothesis import HealthCheck, settings

settings.register_profile("mutation", derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow])
settings.load_profile("mutation")
