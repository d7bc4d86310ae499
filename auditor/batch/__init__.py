"""Batch audits of archives: a stream of documents (folders, globs, zip, tar and
WARC files) audited serially, in a process pool or on a Dask cluster, with an
optional SQLite ledger that skips unchanged documents and resumes interrupted runs.

`run_batch` is the entry point; `auditor.pipeline.audit_document` is the per-document
function every runner calls unchanged.
"""

from .run import BatchOptions, BatchOutcome, run_batch

__all__ = ["BatchOptions", "BatchOutcome", "run_batch"]
