"""Pytest fixtures for the inference service (loaded by conftest.py as a plugin)."""
