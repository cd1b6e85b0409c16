"""Partner suggestions: who a place might twin with next, and how good such guesses are.

A place's candidates are the places of a comparable level that are not already its partners
in any twinning of any status (:mod:`.suggester`): the registry's places and the GeoNames
towns no twinning names (:mod:`.outsiders`, marked as such: their network features are zero).
Each gets features read from the graph of *current* twinnings alone (suspended and ended ones
are no evidence: :func:`.suggester.is_evidence`; :mod:`.features`), a score from a
gradient-boosted model learnt on that graph (:mod:`.learner`, scored without scikit-learn by
:mod:`.trees`) and reasons a person can check, each saying which facts it rests on
(:mod:`.reasons`).  :mod:`.evaluate` measures the model and the classic baselines on links it
never saw.  Every answer is a suggestion from data, never a fact about a twinning.
"""

from twintowns.suggest.opening import open_suggester, suggester_of
from twintowns.suggest.suggester import LABEL, Suggester, Suggestion, build_suggester

__all__ = ["LABEL", "Suggester", "Suggestion", "build_suggester", "open_suggester", "suggester_of"]
