"""The embedded example hall: a clean month of one county hall with planted violations.

* :func:`govhall.example.base.build_base` — the clean month (no rule may fire on it);
* :func:`govhall.example.build.build_example` — the base plus every standard's planted violations;
* :func:`govhall.example.build.write_example` — writes it as a dataset folder;
* :data:`govhall.example.build.EXAMPLE_DIR` — the committed copy (``govhall audit --example``).

Regenerate the committed files with ``python examples/generate_example.py``.
"""
