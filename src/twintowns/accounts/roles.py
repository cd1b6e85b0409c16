"""Roles, the actions they allow, and the principal a request or command acts as.

A reader is anyone without credentials: they read, and write nothing here.  Scopes narrow an
API token to some of its user's actions (a script that only proposes needs no review right).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user may do beyond reading."""

    CONTRIBUTOR = "contributor"  # proposes changes
    STEWARD = "steward"  # a place's own office: proposes; its side's claims are its own
    REVIEWER = "reviewer"  # accepts or rejects proposals
    ADMIN = "admin"  # users and roles


class Action(StrEnum):
    """What a write asks for; also the scopes a token can carry."""

    PROPOSE = "propose"
    REVIEW = "review"
    ADMIN = "admin"


_ALLOWS: dict[Role, frozenset[Action]] = {
    Role.CONTRIBUTOR: frozenset({Action.PROPOSE}),
    Role.STEWARD: frozenset({Action.PROPOSE}),
    Role.REVIEWER: frozenset({Action.PROPOSE, Action.REVIEW}),
    Role.ADMIN: frozenset({Action.PROPOSE, Action.REVIEW, Action.ADMIN}),
}

ALL_SCOPES = frozenset(Action)
"""Every scope (a browser session carries them all)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in user as one request sees them.

    Attributes
    ----------
    user_id, name:
        Who.
    roles:
        Their roles.
    stewarded:
        Places they are the verified steward of (an admin verified the office).
    scopes:
        What the credentials used may do (a token's scopes; all for a session).
    """

    user_id: int
    name: str
    roles: frozenset[Role]
    stewarded: frozenset[str] = frozenset()
    scopes: frozenset[Action] = ALL_SCOPES

    def can(self, action: Action) -> bool:
        """True when a role allows ``action`` and the credentials carry its scope."""
        return action in self.scopes and any(action in _ALLOWS[r] for r in self.roles)

    def stewards(self, place_id: str) -> bool:
        """True when the user is the verified steward of ``place_id``."""
        return place_id in self.stewarded


def parse_scopes(text: str) -> frozenset[Action]:
    """Scopes from ``propose,review`` (commas or spaces).

    Raises
    ------
    ValueError
        For an unknown scope (the caller turns it into an :class:`~twintowns.errors.InputError`).
    """
    parts = [p for p in text.replace(",", " ").split() if p]
    return frozenset(Action(p) for p in parts)
