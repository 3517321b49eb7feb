"""Write the workspace app's migrations after changing scoring/workspace/models.py.

    python tools/makemigrations.py [--check]
"""

import sys
import tempfile
from pathlib import Path

from scoring.workspace.settings import setup

if __name__ == "__main__":
    setup(Path(tempfile.mkdtemp()))
    from django.core.management import call_command

    call_command("makemigrations", "workspace", *sys.argv[1:])
