"""MkDocs hook: Sphinx cross-reference roles in docstrings (``:func:`x```) shown as plain code.

mkdocstrings renders ``:class:`TimeLimit``` as the text ":class:" followed by ``<code>TimeLimit</code>``;
the generated pages already turn roles into code (``govhall.docsgen.prose``), this does the same for
the API pages, so no raw role reaches a reader (or the search index, which is built afterwards).
"""

from __future__ import annotations

import re
from typing import Any

_ROLE_BEFORE_CODE = re.compile(r":(?:py:)?(?:func|mod|class|data|meth|attr|obj|exc|const):(?=<code>)")


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE_BEFORE_CODE.sub("", html)
