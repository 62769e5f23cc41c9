"""A static, offline HTML report of the warehouse: ``build_report(db, folder)``."""

from calpae.outputs.report.build import build_report

__all__ = ["build_report"]
