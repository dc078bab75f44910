"""Pages where a project's managers run it in the browser: settings, label set, team and assignments, imports.

Thin views: they parse a form, call one service, and show its message; every write is validated by the
service (the same one the API calls), so the browser and the API refuse the same things in the same words.
"""
