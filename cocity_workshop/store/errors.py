"""Why a workshop file could not be opened or written."""

from __future__ import annotations

from cocity_workshop.core.errors import DomainError


class FileRefused(DomainError):
    """The file is not a workshop file we can open; it was not modified."""

    code = "file_refused"


class FileLocked(FileRefused):
    """Another running instance has the file open."""

    code = "file_locked"


class StorageError(DomainError):
    """The file could not be written (disk full, removed drive...); nothing was half-written."""

    code = "storage"
