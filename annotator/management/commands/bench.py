"""`python manage.py bench <subcommand>`: throughput benchmarks; one module per subcommand in the
top-level bench/ package (see bench/__init__.py to add one)."""
import importlib

from django.core.management.base import BaseCommand

from bench import SUBCOMMANDS
from bench.common import write_results


class Command(BaseCommand):
    help = "Run a benchmark and write its result as JSON and markdown: " + ", ".join(SUBCOMMANDS)

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, module_name in SUBCOMMANDS.items():
            module = importlib.import_module(module_name)
            module.add_arguments(subparsers.add_parser(name, help=module.HELP, description=module.__doc__))

    def handle(self, *args, subcommand, **options):
        module = importlib.import_module(SUBCOMMANDS[subcommand])
        result = module.run(options, self.stdout)
        table = module.table(result)
        json_path, md_path = write_results(subcommand, result, out=options.get("out"), table=table)
        self.stdout.write("\n" + table + "\n")
        if result.get("ratios"):
            self.stdout.write("ratios: " + ", ".join(f"{k} = {v}" for k, v in result["ratios"].items()) + "\n")
        self.stdout.write(self.style.SUCCESS(f"Wrote {json_path} and {md_path}"))
