"""govhall's fuzzing suite: coverage-guided targets (atheris) with a bounded hypothesis run in pytest.

See docs/fuzzing.md. ``contracts`` holds the assertions every target makes; ``targets`` the targets;
``corpus/<target>/`` the seeds and every crash ever found (replayed by ``test_fuzz.py``).
"""
