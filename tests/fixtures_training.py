"""Pytest fixtures for the training service (loaded by conftest.py as a plugin)."""
