"""What CLI tests share: the type of the fixture that runs a ``twintowns`` command.

It lives here, not in a ``conftest.py``: two conftests exporting the same name cannot both be
imported as ``conftest`` in one pytest process.
"""

from __future__ import annotations

from collections.abc import Callable

from typer.testing import Result

Invoke = Callable[..., Result]
"""Runs ``twintowns`` with the given arguments against the test's registry."""
