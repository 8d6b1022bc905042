"""docs/serve.md keeps up with the service; ``govhall serve`` without its extra says how to get it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from govhall.serve.problems import problem_types

from .conftest import bearer

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


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _js_literal(text: str) -> Any:
    """The snippet's object literal as JSON: ``new Date("…")`` is its text, keys are quoted and snake_case
    (the generated client's camelCase names are the schema's snake_case ones)."""
    text = re.sub(r'new Date\(("[^"]*")\)', r"\1", text)
    text = re.sub(r"(?<=[{,\s])(\w+):(?=\s)", lambda m: f'"{_snake(m.group(1))}":', text)
    return json.loads(text)


def _js(value: Any) -> str:
    return "true" if value is True else "false" if value is False else "null" if value is None else str(value)


def test_typescript_snippet_calls_real_operations_and_prints_what_the_service_answers(client: Any) -> None:
    """The TypeScript example in docs/serve.md is written for the client openapi-generator makes from
    /openapi.json (typescript-fetch: an ``<Tag>Api`` class per tag, camelCase operation ids and fields).
    Every call it makes must be an operation of that tag taking that parameter, and every value it
    prints in a comment must be what the service answers for the same request."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```typescript\n(.*?)```", text, re.S)
    assert block, "docs/serve.md has no TypeScript example"
    code = block.group(1)
    spec = client.get("/openapi.json").json()
    operations = {
        _camel(op["operationId"]): (path, method, op)
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    }
    calls = re.findall(
        r"const (\w+) = await new (\w+)Api\(config\)\.(\w+)\(\{\s*(\w+): (.*?)\}\);", code, re.S
    )
    assert len(calls) == 2, calls
    answers: dict[str, dict[str, Any]] = {}
    for var, api, name, param, argument in calls:
        assert name in operations, f"docs/serve.md calls {name}, which is no operation of the service"
        path, method, op = operations[name]
        assert api.lower() in op["tags"], f"{name} is not in {api}Api (tags {op['tags']})"
        path_params = [p["name"] for p in op.get("parameters", []) if p["in"] == "path"]
        headers = bearer("reader")
        if param in path_params:
            value = _js_literal(argument.strip())
            answer = client.request(method, path.replace("{" + param + "}", value), headers=headers)
        else:
            ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            assert param == ref[0].lower() + ref[1:], f"{name}'s body is a {ref}, not {param!r}"
            body = _js_literal(argument.strip())
            answer = client.request(method, path, json=body, headers=headers)
        assert answer.status_code == 200, answer.text
        answers[var] = answer.json()
    printed = re.findall(r"console\.log\((.*?)\);\s*// (.*)", code)
    assert len(printed) == 2, printed
    for arguments, comment in printed:
        fields = [a.strip().split(".") for a in arguments.split(",")]
        got = [_js(answers[var][_snake(field)]) for var, field in fields]
        assert got == comment.split(), f"docs/serve.md prints {comment!r}; the service answers {got}"
