"""The session: the one facade over an open workshop file, with its single writer and events."""

from cocity_workshop.core.errors import Conflict, DomainError, InvalidInput, NotFound, RuleViolation
from cocity_workshop.session.cluster_uses import RemovedCluster
from cocity_workshop.session.people_uses import JoinCommand, JoiningState, JoinResult, ProfileCommand
from cocity_workshop.session.phone_uses import PhoneIdeaCommand, PhonePhotoCommand
from cocity_workshop.session.reading_uses import CheckResult, Counts
from cocity_workshop.session.session import WorkshopSession
from cocity_workshop.session.team_phone import TeamReceipt
from cocity_workshop.session.voting_uses import BallotCommand, BallotReceipt
from cocity_workshop.session.writer import Command
from cocity_workshop.store import FileLocked, FileRefused, StorageError

__all__ = [
    "BallotCommand",
    "BallotReceipt",
    "CheckResult",
    "Command",
    "Conflict",
    "Counts",
    "DomainError",
    "FileLocked",
    "FileRefused",
    "InvalidInput",
    "JoinCommand",
    "JoinResult",
    "JoiningState",
    "NotFound",
    "PhoneIdeaCommand",
    "PhonePhotoCommand",
    "ProfileCommand",
    "RemovedCluster",
    "RuleViolation",
    "StorageError",
    "TeamReceipt",
    "WorkshopSession",
]
