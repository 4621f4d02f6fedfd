"""Pytest fixtures for the registry service (loaded by conftest.py as a plugin)."""
