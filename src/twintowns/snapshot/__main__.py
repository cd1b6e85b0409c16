"""``python -m twintowns.snapshot``: the child process that reads a registry's snapshot and
writes its cache file (see :func:`twintowns.snapshot.cache.build_in_child`)."""

import sys

from twintowns.snapshot.cache import child_main

sys.exit(child_main())
