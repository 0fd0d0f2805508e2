"""The results bundle: CSV and JSON data, the report, Decidim import files and a Frictionless manifest."""

from cocity_workshop.bundle.data import Tier, data_files
from cocity_workshop.bundle.export import BundleNotVerified, ExportResult, export_bundle, public_data_hashes
from cocity_workshop.bundle.verify import Check, VerifyReport, verify_bundle

__all__ = [
    "BundleNotVerified",
    "Check",
    "ExportResult",
    "Tier",
    "VerifyReport",
    "data_files",
    "export_bundle",
    "public_data_hashes",
    "verify_bundle",
]
