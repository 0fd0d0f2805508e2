"""This machine's network addresses, and which one phones can most likely reach."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys

_SIOCGIFADDR = 0x8915  # Linux ioctl: an interface's IPv4 address


def _default_route_address() -> str | None:
    """The address the system would use to reach another network (no packet is sent).

    On Linux it is read from the routing table (the default route's interface); elsewhere a UDP socket is
    pointed at a private address, which makes the system pick a source address without sending anything.
    """
    if sys.platform.startswith("linux"):
        return _linux_default_route_address()
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.254.254.254", 9))
        address: str = probe.getsockname()[0]
        return address
    return None


def _linux_default_route_address() -> str | None:
    with contextlib.suppress(OSError):
        with open("/proc/net/route", encoding="ascii") as table:
            rows = [line.split() for line in table.readlines()[1:]]
        for row in rows:
            if len(row) > 1 and row[1] == "00000000":  # destination 0.0.0.0: the default route
                return _interface_address(row[0])
    return None


def _interface_address(name: str) -> str | None:
    """The IPv4 address of one interface (Linux ioctl), or ``None``."""
    import fcntl

    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        reply = fcntl.ioctl(probe.fileno(), _SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
        return socket.inet_ntoa(reply[20:24])
    return None


def _interface_addresses() -> list[str]:
    """IPv4 addresses of every interface (Linux ioctl; elsewhere the host name's addresses)."""
    found: list[str] = []
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            for _index, name in socket.if_nameindex():
                address = _interface_address(name)
                if address is not None:
                    found.append(address)
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(str(info[4][0]))
    return found


def is_loopback(address: str) -> bool:
    """Whether only this machine can reach ``address``."""
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(address).is_loopback
    return address == "localhost"


def _rank(address: str) -> tuple[int, str]:
    ip = ipaddress.ip_address(address)
    if ip.is_loopback:
        return (3, address)
    if ip.is_link_local:
        return (2, address)
    if ip.is_private:
        return (0, address)
    return (1, address)


def lan_addresses() -> list[str]:
    """Candidate addresses phones could use, the likeliest first (private LAN ranges before others).

    Loopback comes last: it only works for a projector browser on this same machine.
    """
    candidates = {a for a in _interface_addresses() if a and not a.startswith("0.")}
    default = _default_route_address()
    if default:
        candidates.add(default)
    candidates.add("127.0.0.1")
    ordered = sorted(candidates, key=_rank)
    if default and not is_loopback(default):
        ordered.remove(default)
        ordered.insert(0, default)
    return ordered


def pick_address() -> str:
    """The address to advertise when the facilitator did not choose one."""
    return lan_addresses()[0]


def url_host(address: str) -> str:
    """``address`` as it appears in a URL (IPv6 in brackets)."""
    return f"[{address}]" if ":" in address else address
