"""The fixed and mixed generation scenarios of tests/bench/generate.py on one CUDA GPU (bf16).

Every side (lmforge, in-process static batching, transformers serve) runs on
``cuda`` in bfloat16; the scenario code is the CPU bench's, unchanged. Prints
one JSON line per scenario. For a machine with a GPU:

    python tests/gpu/bench_generate.py [--quick] [--skip-transformers-serve]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import generate


def main() -> None:
    import torch

    if not torch.cuda.is_available():
        raise SystemExit("no CUDA device: this bench is for a machine with a GPU")
    extra = sys.argv[1:]
    for scenario in ("fixed", "mixed"):
        generate.main(["--scenario", scenario, "--device", "cuda", "--dtype", "bfloat16", *extra])


if __name__ == "__main__":
    main()
