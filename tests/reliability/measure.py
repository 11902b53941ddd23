"""Run `foia ARGS...` and write its wall time and peak memory (itself and its children) as JSON.

    python -m tests.reliability.measure OUT.json -- foia-args...

Peak RSS: VmHWM for the process itself, getrusage for its largest child (OCR workers).
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _peak_rss_mb() -> int:
    """This process's peak RSS (VmHWM: unlike getrusage, not inherited across fork and exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


if __name__ == "__main__":
    out, separator, *args = sys.argv[1:]
    assert separator == "--"
    started = time.monotonic()
    code: object = 0
    try:
        from web.cli import main

        main(args)
    except SystemExit as exc:
        code = exc.code
    finally:
        figures = {
            "wall_s": round(time.monotonic() - started, 2),
            "rss_mb": _peak_rss_mb(),
            "children_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
        }
        with open(out, "w") as handle:
            json.dump(figures, handle)
    sys.exit(code)
