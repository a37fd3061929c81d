from tracker.models.org import Role, Unit, UnitKind, User

__all__ = ["Role", "Unit", "UnitKind", "User"]
