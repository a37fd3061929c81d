"""Charts drawn with matplotlib's object API (no pyplot: thread-safe in a web
process) and returned as PNG bytes, for pages and Word reports alike."""
