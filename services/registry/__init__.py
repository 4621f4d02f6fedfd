"""The lmforge registry service (see servicer.py for the gRPC surface)."""
