"""Benchmarks of the portal build on generated corpora (not run by pytest)."""
