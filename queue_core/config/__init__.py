"""The site file (TOML) -> validated, typed settings of one centre, or a one-line error.

The one reader of the site file: ``reading`` checks it whole (each section, then across them)
and builds the Site; ``sections`` holds each section's model, ``board`` the boards' look and
its contrast rule, ``logo`` what a board logo may be (a PNG, or an SVG rebuilt clean). The
``[dossiers]`` section's settings live with the dossiers (``queue_core.dossiers.settings``),
which this reads them through.
"""

from queue_core.config.board import (
    BOARD_FIXED_COLOURS,
    BOARD_TEXT_PAIRS,
    BoardModel,
    board_contrast_problem,
)
from queue_core.config.logo import clean_svg, usable_logo
from queue_core.config.reading import (
    LOGO_MAX_BYTES,
    SAMPLE_SITE,
    SiteFile,
    load_logo,
    load_site,
    open_around_the_clock,
    parse_site,
    public_url_problem,
)
from queue_core.config.sections import (
    AgencyModel,
    BackupModel,
    ConsoleModel,
    CounterModel,
    HoursModel,
    ProcedureModel,
    ProvinceModel,
    RetentionModel,
    RulesModel,
    ServiceModel,
    SiteModel,
    StaffModel,
    number_range,
    province_url_problem,
)
from queue_core.errors import ConfigError

__all__ = [
    "BOARD_FIXED_COLOURS",
    "BOARD_TEXT_PAIRS",
    "LOGO_MAX_BYTES",
    "SAMPLE_SITE",
    "AgencyModel",
    "BackupModel",
    "BoardModel",
    "ConfigError",
    "ConsoleModel",
    "CounterModel",
    "HoursModel",
    "ProcedureModel",
    "ProvinceModel",
    "RetentionModel",
    "RulesModel",
    "ServiceModel",
    "SiteFile",
    "SiteModel",
    "StaffModel",
    "board_contrast_problem",
    "clean_svg",
    "load_logo",
    "load_site",
    "number_range",
    "open_around_the_clock",
    "parse_site",
    "province_url_problem",
    "public_url_problem",
    "usable_logo",
]
