"""Imported by the worker pool's fork server before it forks a worker: the extractor and the
readers imported, and the extractor's lazily built tables built, once. Every worker (and every
replacement of a worker killed at its time bound) starts warm and shares these pages with the
others (copy-on-write) instead of paying about 0.4 s and its own copy of the tables."""
import extract.ingest  # noqa: F401 - imported for the fork server
from extract.guard import warm_up

warm_up()
