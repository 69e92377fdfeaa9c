"""Dossiers (hồ sơ): their status read from the province's one-stop e-system, never owned here."""

from queue_core.config import DossierSettings, dossier_settings
from queue_core.domain.dossiers import Dossier, DossierStatus, Timeliness, mask_name, normalise_code
from queue_core.dossiers.importer import RowProblem, parse_dossiers, read_rows
from queue_core.dossiers.repository import (
    AgencyFigures,
    ImportSummary,
    StoredDossier,
    agency_figures,
    get_dossier,
    ready_codes,
    save_dossiers,
)
from queue_core.errors import DossierImportError, DossierSettingsError

__all__ = [
    "AgencyFigures",
    "Dossier",
    "DossierImportError",
    "DossierSettings",
    "DossierSettingsError",
    "DossierStatus",
    "ImportSummary",
    "RowProblem",
    "StoredDossier",
    "Timeliness",
    "agency_figures",
    "dossier_settings",
    "get_dossier",
    "mask_name",
    "normalise_code",
    "parse_dossiers",
    "read_rows",
    "ready_codes",
    "save_dossiers",
]
