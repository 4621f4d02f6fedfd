"""lmforge: serve and fine-tune Hugging Face transformers models over gRPC.

The generated protobuf messages and stubs live in ``lmforge.v1``; the
exception hierarchy in ``lmforge.errors``.
"""

from lmforge.errors import LmforgeError

__version__ = "0.1.0"

__all__ = ["LmforgeError", "__version__"]
