"""Dossiers (hồ sơ): their status read from the province's one-stop e-system, never owned here.

Here: the ``[dossiers]`` settings and reading an export into dossiers, which stand below the
site file's reader (``config`` checks the section with them). What stands above the store is
imported from its module: ``repository`` (the dossiers table), ``service`` (import, pull
status, the public answer) and ``sync`` (the server's pulling task); importing them here would
make reading a site file open the store, whose site is read with ``config``.
"""

from queue_core.domain.dossiers import Dossier, DossierStatus, Timeliness, mask_name, normalise_code
from queue_core.dossiers.importer import RowProblem, parse_dossiers, read_rows
from queue_core.dossiers.settings import DossierSettings, dossier_settings
from queue_core.errors import DossierImportError, DossierSettingsError

__all__ = [
    "Dossier",
    "DossierImportError",
    "DossierSettings",
    "DossierSettingsError",
    "DossierStatus",
    "RowProblem",
    "Timeliness",
    "dossier_settings",
    "mask_name",
    "normalise_code",
    "parse_dossiers",
    "read_rows",
]
