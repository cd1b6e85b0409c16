"""``python -m twintowns.api.arcs_main``: the child process that files a large registry's arc
files (see :class:`twintowns.api.arcs_child.Builder`)."""

import sys

from twintowns.api.arcs_child import child_main

sys.exit(child_main())
