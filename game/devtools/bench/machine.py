"""What the figures were measured on: CPU, cores, memory, versions, load average."""
from __future__ import annotations

import importlib.metadata
import os
import platform
from typing import Any


def package_version(dist: str) -> str | None:
    """The installed version of a distribution (`pyscroll`), or None when it is not installed."""
    try:
        return importlib.metadata.version(dist)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import numpy

    cpu = platform.processor() or platform.machine()
    mem_gib = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    try:
        load = [round(v, 2) for v in os.getloadavg()]
    except (OSError, AttributeError):
        load = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem_gib, "os": platform.platform(),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "pygame_ce": package_version("pygame-ce") or "?", "pyscroll": package_version("pyscroll"),
            "load_average": load}
