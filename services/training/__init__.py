"""The lmforge training service (see servicer.py for the gRPC surface)."""
