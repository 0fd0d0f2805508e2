"""The PDF outcome report, from a read-only snapshot of a workshop (reportlab, fonts shipped)."""

from cocity_workshop.report.writer import Progress, render_report, write_report

__all__ = ["Progress", "render_report", "write_report"]
