from tracker.models.assessments import Assessment, CriteriaSet, Criterion, Index, Score, Target
from tracker.models.org import Role, Unit, UnitKind, User

__all__ = [
    "Assessment",
    "CriteriaSet",
    "Criterion",
    "Index",
    "Role",
    "Score",
    "Target",
    "Unit",
    "UnitKind",
    "User",
]
