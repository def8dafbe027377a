"""Demo data for `make run` and the benchmarks: the content (pure data), the seeder,
the jobs it builds (postings) and the bulk inserts of big databases (bulk).
`manage.py seed_demo` runs it."""
