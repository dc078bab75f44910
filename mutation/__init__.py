"""Mutation testing helpers for `make mutate` (README "Mutation testing"); never imported by the application."""
