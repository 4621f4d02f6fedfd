"""Serve a live lmforge platform with tiny models for the Node client's test.

Starts SeaweedFS, the registry and the inference server on free 127.0.0.1
ports, builds the tiny causal LM and classifier, registers them through the
Python SDK and loads them as ``node-lm`` and ``node-cls``. Then prints one
JSON line (addresses and model names) and stays up until SIGTERM/SIGINT or
until its stdin closes, then stops everything it started.

    python tests/node/serve_for_node.py [--state-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))  # tiny_models, servers, sdk.platform_fixture


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    from lmforge import Client
    from lmforge.services.core.seaweed import start_seaweed
    from sdk.platform_fixture import start_platform
    from tiny_models import build_causal_lm, build_classifier

    tmp = tempfile.TemporaryDirectory(prefix="lmforge-node-")
    root = args.state_dir or Path(tmp.name)
    root.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    s3 = start_seaweed(root / "s3")
    platform_gen = start_platform(s3, root)
    try:
        platform = next(platform_gen)
        with Client(**platform.addresses) as c:
            c.push_model(build_causal_lm(root / "tiny-lm"), "node-lm")
            c.push_model(build_classifier(root / "tiny-cls"), "node-cls")
            c.load_model("node-lm", name="node-lm")
            c.load_model("node-cls", name="node-cls")
        print(
            json.dumps({**platform.addresses, "models": {"lm": "node-lm", "cls": "node-cls"}}),
            flush=True,
        )
        # Stop on a signal, or when the parent closes our stdin (it died or is done).
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        stop.wait()
    finally:
        platform_gen.close()
        s3.stop()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
