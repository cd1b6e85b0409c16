"""twintowns: the open registry, atlas and lab of the world's town twinning.

The library is the product; :mod:`twintowns.cli` and (later) ``twintowns.api`` are thin shells
over it.  Imports point one way: ``model``/``errors`` -> ``store`` -> ``sources`` / ``registry``
-> ``cli``.
"""

__version__ = "0.1.0"
