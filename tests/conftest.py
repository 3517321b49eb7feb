"""Set-up shared by the whole test session."""

from __future__ import annotations


def pytest_configure(config):
    """Configure Django once, with the portal's apps as well as the workspace's.

    Django can be configured once per process.  The workspace tests point the process at their own
    folders (``scoring.workspace.settings.setup``), which keeps the apps installed first; configuring
    with every app here lets portal and workspace tests run in any order.
    """
    import tempfile
    from pathlib import Path

    from portalkit import FAST_HASHER
    from scoring.portal.settings import configure

    configure(Path(tempfile.mkdtemp(prefix="dvk-tests-")), overrides=FAST_HASHER)
