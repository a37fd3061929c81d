from tracker.admin import org  # noqa: F401
