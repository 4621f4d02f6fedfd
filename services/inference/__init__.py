"""The lmforge inference service (see servicer.py for the gRPC surface)."""
