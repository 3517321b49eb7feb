"""The assessment round's workspace: a Django app (models, migrations) and a library of plain
functions that the ``dvk round …`` commands and the web portal both call.

Importing this package does not import Django; :func:`scoring.workspace.store.open_workspace`
configures it (see :mod:`scoring.workspace.settings`).
"""

from scoring.workspace import codes  # noqa: F401  (registers the finding codes this package declares)
