"""The lmforge registry service: models, versions, LoRA adapters, aliases and datasets.

Modules, from the wire inward:

- ``servicer``: the gRPC surface (thin: decode, call the core, encode);
  ``convert`` turns messages into the core's records and back; ``streams``
  bridges grpc.aio streams and the blocking object-store client.
- ``core``: the domain core (``Registry``), plain Python, testable without gRPC:
  one method group per concern (``models``, ``aliases``, ``datasets``, ``files``:
  uploads, downloads), with models and datasets composed over one
  ``versioned_store`` (finalize: verify and publish; abort, delete, stale sweep),
  parameterised per kind. They share ``queries`` (sessions, row lookups, version
  numbers, file declarations), ``paging`` and ``entity_rows`` (database rows as
  entities).
- ``entities``: the plain values the core takes and returns (no SQL, no protobuf).
- ``db``: the SQLAlchemy schema (SQLite file or PostgreSQL) and its version check.
- ``artifact_keys``: where bytes live (``models/<m>/versions/<v>/files/<path>``, the
  shared scheme of ``lmforge.services.core.layout``, plus ``.../staging/`` for
  presigned uploads that finalize has not checked yet).
- ``guard``: keeps uploads and finalize of one version apart (leases in the database).
- ``events``: the persisted registry event log that ``WatchEvents`` streams.
- ``validate``: input checks; ``dataset_inspection``: a dataset file's format, row
  count and columns, recorded at finalize.

A version is READY only after finalize has read every declared file back from
the store and checked its size and SHA-256; nothing else changes the state to
READY, so a crash at any point leaves at worst a PENDING version.
"""
