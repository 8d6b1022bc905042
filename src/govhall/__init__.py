"""govhall — China's government service-hall standards as executable, clause-cited rules.

The public API (see ``../shared/DESIGN.md``, "Python API") is re-exported here; examples and docs
import only from ``govhall``.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
