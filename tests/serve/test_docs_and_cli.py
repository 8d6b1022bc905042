"""docs/serve.md keeps up with the service; ``govhall serve`` without its extra says how to get it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from govhall.serve.problems import problem_types

DOC = Path(__file__).resolve().parents[2] / "docs" / "serve.md"


def test_docs_name_every_problem_type_and_endpoint(client: Any) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [code for code in problem_types() if f"`{code}`" not in text]
    assert not missing, f"docs/serve.md does not list problem types {missing}"
    spec = client.get("/openapi.json").json()
    for path in spec["paths"]:
        # /v1/calendar/{day} is written /v1/calendar/{date} in the table; compare the fixed prefix
        head = path.split("{")[0].rstrip("/")
        assert head in text, f"docs/serve.md does not mention {path}"


def test_serve_without_the_extra_exits_2_with_one_line() -> None:
    code = (
        "import sys; sys.modules['fastapi'] = None; sys.modules['uvicorn'] = None\n"
        "from govhall.cli import main; main(['serve'])"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install govhall[serve]" in lines[0], r.stderr
    assert "Traceback" not in r.stderr
