"""The workshop file: one SQLite file per workshop. The only package that runs SQL."""

from cocity_workshop.store.errors import FileLocked, FileRefused, StorageError
from cocity_workshop.store.event_records import UsedTicket
from cocity_workshop.store.file import WorkshopFile
from cocity_workshop.store.records import Records
from cocity_workshop.store.transaction import (
    WriteTransaction,
    disk_full_error,
    is_disk_full,
    is_storage_failure,
    read_transaction,
    storage_error,
)

__all__ = [
    "FileLocked",
    "FileRefused",
    "Records",
    "StorageError",
    "UsedTicket",
    "WorkshopFile",
    "WriteTransaction",
    "disk_full_error",
    "is_disk_full",
    "is_storage_failure",
    "read_transaction",
    "storage_error",
]
