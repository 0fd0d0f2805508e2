"""The session: the one facade over an open workshop file, with its single writer and events."""

from cocity_workshop.core.errors import Conflict, DomainError, InvalidInput, NotFound, RuleViolation
from cocity_workshop.session.cluster_uses import RemovedCluster
from cocity_workshop.session.people_uses import JoiningState, JoinResult
from cocity_workshop.session.reading_uses import CheckResult, Counts
from cocity_workshop.session.session import WorkshopSession
from cocity_workshop.session.voting_uses import BallotReceipt
from cocity_workshop.session.writer import Command
from cocity_workshop.store import FileLocked, FileRefused, StorageError

__all__ = [
    "BallotReceipt",
    "CheckResult",
    "Command",
    "Conflict",
    "Counts",
    "DomainError",
    "FileLocked",
    "FileRefused",
    "InvalidInput",
    "JoinResult",
    "JoiningState",
    "NotFound",
    "RemovedCluster",
    "RuleViolation",
    "StorageError",
    "WorkshopSession",
]
