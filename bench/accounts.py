"""The users of a benchmark run, created in the database of a fresh system (not measured):
bench-admin (staff: creates projects) and bench-user (a plain member: every measured request).

    python -m bench.accounts --password PASSWORD
"""
import argparse
import os


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.accounts")
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "annotator.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from bench.server import ADMIN, USER

    users = get_user_model().objects
    users.create_superuser(username=ADMIN, password=args.password, email="")
    users.create_user(username=USER, password=args.password)


if __name__ == "__main__":
    main()
