"""The data-quality report as a static site (plain modules; the Dagster asset only calls write_site)."""
from orchestration.report_site.build import SiteStats, write_site

__all__ = ["SiteStats", "write_site"]
