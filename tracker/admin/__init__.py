from tracker.admin import (
    assessments,  # noqa: F401
    org,  # noqa: F401
    reports,  # noqa: F401
    security,  # noqa: F401
    tasks,  # noqa: F401
)
