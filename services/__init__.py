"""The three lmforge services and their shared core (import as ``lmforge.services``)."""
