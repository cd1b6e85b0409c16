"""The living registry: accounts and roles, credentials, sourced proposals, their review,
versions of editable resources and history.

Library only: the API (:mod:`twintowns.api.routes.proposals` and friends) and the CLI
(``twintowns user``) are thin shells over these functions.
"""

from twintowns.accounts.history import history, open_questions
from twintowns.accounts.proposals import get, listing, propose, require, review
from twintowns.accounts.roles import Action, Principal, Role
from twintowns.accounts.users import (
    Session,
    add_user,
    grant_role,
    issue_token,
    list_users,
    login,
    logout,
    principal,
)

__all__ = [
    "Action",
    "Principal",
    "Role",
    "Session",
    "add_user",
    "get",
    "grant_role",
    "history",
    "issue_token",
    "list_users",
    "listing",
    "login",
    "logout",
    "open_questions",
    "principal",
    "propose",
    "require",
    "review",
]
