# The English interface keeps the dd/mm/yyyy dates of the Vietnamese one.
from tracker.lib.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
