"""``/users``: sign in and out (a session cookie with CSRF), who am I, and the admins' user
and role management.  Sign-ins are rate-limited per client address and per user name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from twintowns import accounts
from twintowns.accounts import Action, Principal, Role
from twintowns.api import living_schemas as ls
from twintowns.api.auth import (
    CSRF_COOKIE,
    LIVING_RESPONSES,
    SESSION_COOKIE,
    allowed,
    bearer,
    client_of,
    limits,
    signed_in,
)
from twintowns.api.state import AppState, get_state

router = APIRouter(prefix="/users", tags=["accounts"], responses=LIVING_RESPONSES)
Admin = Annotated[Principal, allowed(Action.ADMIN, write=False)]
AdminWrite = Annotated[Principal, allowed(Action.ADMIN, write=True)]
State = Annotated[AppState, Depends(get_state)]


@router.post("/login", response_model=ls.SessionOut)
def login(body: ls.LoginIn, request: Request, response: Response, state: State) -> ls.SessionOut:
    """Sign in: sets the session cookie (HttpOnly) and returns the CSRF token for writes,
    also set as the ``twintowns_csrf`` cookie the page reads back after a reload (429
    beyond the sign-in rate, per address and per name)."""
    limits(request).login.take(client_of(request), "sign-ins from this address")
    limits(request).login.take(f"name:{body.name.lower()}", "sign-ins for this user")
    session = accounts.login(state.registry.engine, body.name, body.password)
    response.set_cookie(
        SESSION_COOKIE,
        session.secret,
        max_age=accounts.users.SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=state.settings.secure_cookies,
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        session.csrf,
        max_age=accounts.users.SESSION_HOURS * 3600,
        httponly=False,  # the page's script echoes it in X-CSRF-Token: it grants nothing alone
        samesite="strict",
        secure=state.settings.secure_cookies,
        path="/",
    )
    return ls.SessionOut(name=body.name, csrf=session.csrf)


@router.post("/logout", status_code=204)
def logout(
    request: Request,
    response: Response,
    state: State,
    _who: Annotated[Principal, Depends(signed_in)],
) -> None:
    """End this session (or revoke the bearer token used)."""
    secret = bearer(request) or request.cookies.get(SESSION_COOKIE, "")
    accounts.logout(state.registry.engine, secret)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", response_model=ls.MeOut)
def me(who: Annotated[Principal, Depends(signed_in)]) -> ls.MeOut:
    """Who the credentials name, their roles and the scopes of the credentials."""
    return ls.MeOut(
        name=who.name,
        roles=sorted(who.roles),
        stewarded=sorted(who.stewarded),
        scopes=sorted(who.scopes),
    )


@router.get("")
def users(state: State, _admin: Admin) -> list[dict[str, object]]:
    """Every user with their roles (admins only)."""
    return accounts.list_users(state.registry.engine)


@router.post("", status_code=201)
def add(body: ls.UserIn, state: State, admin: AdminWrite) -> dict[str, str]:
    """Add a user with no role (admins only)."""
    accounts.add_user(state.registry.engine, body.name, body.password, actor=admin.name)
    return {"name": body.name}


@router.post("/{name}/roles", status_code=201)
def grant(name: str, body: ls.RoleIn, state: State, admin: AdminWrite) -> dict[str, str]:
    """Grant a role (a steward's with its place; admins only)."""
    accounts.grant_role(
        state.registry.engine,
        name[:60],
        Role(body.role),
        actor=admin.name,
        place=body.place,
        verified=body.verified,
    )
    return {"name": name[:60], "role": body.role}
