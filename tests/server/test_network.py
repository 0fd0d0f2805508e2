"""Which address the join URL advertises: read from this machine's interfaces, without sending anything."""

from __future__ import annotations

import socket

from cocity_workshop.server import network


def test_the_default_route_address_comes_first_and_loopback_last() -> None:
    """The interface of the default route leads the list; 127.0.0.1 is always there, last."""
    addresses = network.lan_addresses()
    assert addresses[-1] == "127.0.0.1"
    default = network._default_route_address()
    if default is not None and not network.is_loopback(default):
        assert addresses[0] == default == network.pick_address()
    assert all(not network.is_loopback(a) for a in addresses[:-1])


def test_interface_addresses_match_the_kernel() -> None:
    """Every interface address read by ioctl is a valid IPv4 address of a real interface."""
    names = [name for _index, name in socket.if_nameindex()]
    assert network._interface_address("lo") == "127.0.0.1"
    assert network._interface_address("no-such-interface") is None
    for name in names:
        address = network._interface_address(name)
        if address is not None:
            socket.inet_aton(address)


def test_loopback_and_url_hosts() -> None:
    """Loopback is recognised in every spelling; IPv6 addresses are bracketed in URLs."""
    assert network.is_loopback("127.0.0.1") and network.is_loopback("::1") and network.is_loopback("localhost")
    assert not network.is_loopback("192.168.1.20")
    assert network.url_host("::1") == "[::1]"
    assert network.url_host("192.168.1.20") == "192.168.1.20"
