"""The atlas's web shell: a JSON API (FastAPI) and the atlas page, over the registry.

Only this package imports FastAPI.  :func:`create_app` is the factory; routes are thin over
:mod:`twintowns.registry`, :mod:`twintowns.views` and :mod:`twintowns.query`.
"""

from twintowns.api.app import create_app

__all__ = ["create_app"]
