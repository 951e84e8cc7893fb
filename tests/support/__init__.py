"""Helpers shared by tests and benchmark scripts (not collected as tests)."""
