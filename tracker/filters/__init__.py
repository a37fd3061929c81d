"""django-filter FilterSets, one module per domain."""
