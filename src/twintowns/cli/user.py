"""``twintowns user``: accounts for the living registry (the first admin is made here).

Thin over :mod:`twintowns.accounts`; the actor in the audit log is the operating-system user.
Passwords are read from standard input (never from the command line, where ``ps`` shows them).
"""

from __future__ import annotations

import sys
from typing import Annotated

import sqlalchemy as sa
import typer

from twintowns.accounts import Role, add_user, grant_role, issue_token
from twintowns.cli.errors import translate_errors
from twintowns.cli.progress import open_registry
from twintowns.cli.render import make_console, safe
from twintowns.errors import InputError
from twintowns.settings import Settings
from twintowns.store.writer import current_actor

user_app = typer.Typer(
    help="Accounts of the living registry: add users, grant roles, issue API tokens.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _engine(ctx: typer.Context) -> sa.Engine:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return open_registry(settings).engine


def _password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline(1000)
    return line.rstrip("\r\n")


@user_app.command("add")
@translate_errors
def add(ctx: typer.Context, name: Annotated[str, typer.Argument(help="The user name.")]) -> None:
    """Add a user (the password is read from standard input); they have no role yet."""
    add_user(_engine(ctx), name, _password(), actor=current_actor())
    make_console().print(f"added user {safe(name)}", highlight=False)


@user_app.command("role")
@translate_errors
def role(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user name.")],
    role_name: Annotated[
        str, typer.Argument(metavar="ROLE", help="contributor, steward, reviewer or admin.")
    ],
    place: Annotated[str | None, typer.Option(help="The place a steward speaks for.")] = None,
    verified: Annotated[bool, typer.Option(help="A steward's office is verified.")] = False,
) -> None:
    """Grant a role (a steward's with --place, and --verified once the office is checked)."""
    try:
        granted = Role(role_name)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise InputError(f"ROLE {role_name[:40]!r}: expected one of {known}") from None
    grant_role(_engine(ctx), name, granted, actor=current_actor(), place=place, verified=verified)
    make_console().print(f"{safe(name)} is now {granted.value}", highlight=False)


@user_app.command("token")
@translate_errors
def token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user name.")],
    scopes: Annotated[str, typer.Option(help="Comma-separated: propose, review, admin.")],
    days: Annotated[int | None, typer.Option(min=1, help="Lifetime in days.")] = None,
) -> None:
    """Issue an API token (printed once: only its hash is stored)."""
    secret = issue_token(_engine(ctx), name, scopes, actor=current_actor(), days=days)
    sys.stdout.write(secret + "\n")
