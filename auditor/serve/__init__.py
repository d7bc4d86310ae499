"""`auditor serve`: the audit as an HTTP service for CMS hooks, and a page where an
editor drops a story. An optional extra (`pip install 'auditor[serve]'`): nothing
outside this package imports it, and nothing here is imported by a plain run."""
