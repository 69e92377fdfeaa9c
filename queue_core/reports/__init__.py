"""Reports a centre's manager reads: the stats figures as tables, CSV, XLSX and PNG charts."""

from queue_core.reports.model import PERIODS, Report, build, group_label, periods

__all__ = ["PERIODS", "Report", "build", "group_label", "periods"]
