"""A fitted gradient-boosted model as numpy arrays, scored without scikit-learn.

scikit-learn takes seconds to import; ``twintowns suggest`` must answer in one.  So the model
scikit-learn fits (:mod:`twintowns.suggest.learner`) is exported through its public tree
attributes (``tree_.children_left``, ``children_right``, ``feature``, ``threshold``,
``value``) into :class:`Forest`, which scores rows with a few numpy operations and is saved
in the suggester's ``.npz`` file.  ``tests/suggest/test_model.py`` checks that its scores are
scikit-learn's ``decision_function`` to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from twintowns.suggest.tables import FloatArray, IntArray

Matrix = np.ndarray[Any, np.dtype[np.float64]]
CHUNK = 16_384
"""Rows scored at once (a chunk's vectors fit in the cache)."""


@dataclass(frozen=True)
class Forest:
    """Regression trees whose summed leaves, scaled and offset, are the model's log-odds.

    ``left``, ``right``, ``feature``, ``threshold`` and ``value`` hold every tree's nodes one
    after another (children as absolute node numbers, ``feature`` < 0 at a leaf); ``roots``
    the first node of each tree.
    """

    left: IntArray
    right: IntArray
    feature: IntArray
    threshold: FloatArray
    value: FloatArray
    roots: IntArray
    rate: float
    offset: float
    depth: int
    importance: FloatArray

    def decision(self, x: Matrix) -> FloatArray:
        """The log-odds of every row of ``x`` (rows: candidates, columns: features).

        Tree by tree, level by level, on vectors of :data:`CHUNK` rows (they stay in the
        cache): a (rows × trees) node matrix moved several times more memory and took seconds
        for the world's candidates.  Every tree's root splits all rows on one column; below
        it, a row's next node is ``child[2 * node + (value > threshold)]``, leaves pointing to
        themselves (scikit-learn sends ``value <= threshold`` left).
        """
        n = len(x)
        leaf = self.feature < 0
        nodes = np.arange(len(self.feature), dtype=np.int64)
        child = np.empty(2 * len(nodes), dtype=np.int64)
        child[0::2] = np.where(leaf, nodes, self.left)
        child[1::2] = np.where(leaf, nodes, self.right)
        feature = np.maximum(self.feature, 0)
        threshold = np.where(leaf, np.inf, self.threshold)
        found = np.empty(n)
        for start in range(0, n, CHUNK):
            columns = np.ascontiguousarray(x[start : start + CHUNK].T)
            size = columns.shape[1]
            flat, rows, base = columns.ravel(), np.arange(size, dtype=np.int64), feature * size
            total = np.zeros(size)
            for root in self.roots.tolist():
                if leaf[root]:
                    total += self.value[root]
                    continue
                node = child[2 * root + (columns[feature[root]] > threshold[root])]
                for _ in range(self.depth - 1):
                    node = child[2 * node + (flat[base[node] + rows] > threshold[node])]
                total += self.value[node]
            found[start : start + size] = self.offset + self.rate * total
        return found

    def arrays(self) -> dict[str, np.ndarray[Any, Any]]:
        """The forest as named arrays (for ``numpy.savez``)."""
        scalars = np.asarray([self.rate, self.offset, float(self.depth)])
        return {
            "tree_left": self.left,
            "tree_right": self.right,
            "tree_feature": self.feature,
            "tree_threshold": self.threshold,
            "tree_value": self.value,
            "tree_roots": self.roots,
            "tree_scalars": scalars,
            "tree_importance": self.importance,
        }

    @classmethod
    def from_arrays(cls, found: Any) -> Forest:
        """The forest :meth:`arrays` saved (``found``: a loaded ``.npz``)."""
        rate, offset, depth = (float(v) for v in found["tree_scalars"])
        return cls(
            left=found["tree_left"],
            right=found["tree_right"],
            feature=found["tree_feature"],
            threshold=found["tree_threshold"],
            value=found["tree_value"],
            roots=found["tree_roots"],
            rate=rate,
            offset=offset,
            depth=int(depth),
            importance=found["tree_importance"],
        )


def _shifted(children: Any, start: int) -> IntArray:
    """Child node numbers made absolute (leaves keep their negative marker)."""
    found = np.asarray(children, dtype=np.int64)
    return np.where(found >= 0, found + start, found)


def forest_of(trees: list[Any], rate: float, offset: float, importance: FloatArray) -> Forest:
    """Concatenate scikit-learn regression trees (their public ``tree_``) into a
    :class:`Forest`."""
    lefts, rights, features, thresholds, values, roots = [], [], [], [], [], []
    start, depth = 0, 0
    for tree in trees:
        t = tree.tree_
        lefts.append(_shifted(t.children_left, start))
        rights.append(_shifted(t.children_right, start))
        features.append(np.asarray(t.feature, dtype=np.int64))
        thresholds.append(np.asarray(t.threshold, dtype=float))
        values.append(np.asarray(t.value, dtype=float).reshape(t.node_count, -1)[:, 0])
        roots.append(start)
        start += t.node_count
        depth = max(depth, int(t.max_depth))
    return Forest(
        left=np.concatenate(lefts),
        right=np.concatenate(rights),
        feature=np.concatenate(features),
        threshold=np.concatenate(thresholds),
        value=np.concatenate(values),
        roots=np.asarray(roots, dtype=np.int64),
        rate=rate,
        offset=offset,
        depth=depth,
        importance=np.asarray(importance, dtype=float),
    )
