"""The participant server: phones join by QR code and take part over the local network.

aiohttp runs in its own thread with its own event loop and reaches the workshop only through the
session (reads on a small reader pool, changes through the session's writer), so neither the event
loop nor the GUI ever waits on SQLite. See ``server.ParticipantServer``.
"""

from cocity_workshop.server.errors import ServerError
from cocity_workshop.server.hosted import SelfCheckResult
from cocity_workshop.server.limits import Limits
from cocity_workshop.server.server import ParticipantServer

__all__ = ["Limits", "ParticipantServer", "SelfCheckResult", "ServerError"]
