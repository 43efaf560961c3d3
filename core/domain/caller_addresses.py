"""Where a remote caller may push from (pure). MediaLive ignores pushes from addresses outside the input's
security group (UG "Working with input security groups"), so each caller's input gets a group of its own."""

from __future__ import annotations

import ipaddress
import re

from core.errors import InvalidRequest

ANYWHERE = "0.0.0.0/0"
MAX_RULES = 10  # "You can include up to 10 rules (IP address ranges or CIDR blocks) in one input security group."
_ANYWHERE_WORDS = {"anywhere", "anyone", "internet", "everywhere"}
_NOT_PUBLIC = tuple(
    ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")
)

FROM_USAGE = (
    "Say where the caller pushes from: `caller add <name> from <their public IP>` "
    '(e.g. `from 203.0.113.7`, or a range like `203.0.113.0/24`; they can search "what is my IP"), '
    "or `from anywhere` to let anyone with the URL push."
)


def caller_cidrs(text: str) -> list[str]:
    """The CIDRs the crew gave after `from`, checked; `anywhere` opens the input to the internet."""
    words = [w for w in re.split(r"[,\s]+", text.strip()) if w]
    if not words:
        raise InvalidRequest(FROM_USAGE)
    if len(words) == 1 and words[0].lower() in _ANYWHERE_WORDS:
        return [ANYWHERE]
    if len(words) > MAX_RULES:
        raise InvalidRequest(f"An input security group takes at most {MAX_RULES} addresses or ranges.")
    cidrs: list[str] = []
    for word in words:
        try:
            network = ipaddress.IPv4Network(word, strict=False)  # the model: "The IPv4 CIDR to whitelist."
        except ValueError:
            raise InvalidRequest(
                f"`{word[:40]}` is not an IPv4 address or range (e.g. 203.0.113.7 or 203.0.113.0/24)."
            ) from None
        if network.prefixlen == 0:
            raise InvalidRequest("To let anyone push, say `from anywhere`.")
        if _not_public(network):
            raise InvalidRequest(
                f"{word[:40]} is not a public address. Give the address the caller's traffic comes from on the "
                'internet (they can search "what is my IP").'
            )
        if str(network) not in cidrs:
            cidrs.append(str(network))
    return cidrs


def _not_public(network: ipaddress.IPv4Network) -> bool:
    first = network.network_address
    return (
        first.is_loopback
        or first.is_link_local
        or first.is_multicast
        or first.is_unspecified
        or first.is_reserved
        or any(network.subnet_of(private) for private in _NOT_PUBLIC)
    )


def split_caller_text(text: str) -> tuple[str, str | None]:
    """`Ana from 203.0.113.7` -> ("Ana", "203.0.113.7"); no `from` -> (text, None)."""
    lowered = text.lower()
    if lowered.startswith("from "):
        return "", text[5:]
    at = lowered.rfind(" from ")
    if at < 0:
        return text.strip(), None
    return text[:at].strip(), text[at + 6 :]
