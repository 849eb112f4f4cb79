"""Remiss: the Swedish consultation procedure in one system."""

import os


def settings_module() -> str:
    """The settings module for REMISS_ENV (dev by default)."""
    env = os.environ.get("REMISS_ENV", "dev")
    return "config.settings.prod" if env == "production" else "config.settings.dev"
