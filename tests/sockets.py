"""Which addresses a local TCP port is listening on, read from Linux's /proc/net/tcp and tcp6."""

from __future__ import annotations

import ipaddress
from pathlib import Path

_LISTEN = "0A"


def listening_addresses(port: int) -> set[str]:
    """Every local address with a socket listening on `port`, e.g. {"127.0.0.1"} or {"0.0.0.0", "::"}."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == _LISTEN and int(hex_port, 16) == port:
                found.add(str(_address(address)))
    return found


def _address(hex_address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    # The kernel prints each 32-bit word in host (little-endian) byte order.
    raw = bytes.fromhex(hex_address)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return ipaddress.IPv4Address(words) if len(words) == 4 else ipaddress.IPv6Address(words)
