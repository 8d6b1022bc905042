"""The rule engine: clause refs, rules, findings, parameters, interpretations, inventories, the runner."""

from govhall.rules.context import Context
from govhall.rules.core import (
    REGISTRY,
    SEVERITIES,
    STANDARD_IDS,
    SUBJECT_TABLES,
    ClauseRef,
    Finding,
    Hit,
    Registry,
    Rule,
    Severity,
    Subject,
    rule,
)
from govhall.rules.interpretations import INTERPRETATIONS, Interpretation, interpretation, parse_choices
from govhall.rules.inventory import Clause, Standard, load_inventory
from govhall.rules.parameters import Parameter, ParameterSet, ParameterValue, default_parameters
from govhall.rules.report import Note, Report, Summary, mask_tree, mask_value
from govhall.rules.runner import audit, load_profile, run_rules
from govhall.rules.timing import READING_KEYWORDS

__all__ = [
    "INTERPRETATIONS",
    "READING_KEYWORDS",
    "REGISTRY",
    "SEVERITIES",
    "STANDARD_IDS",
    "SUBJECT_TABLES",
    "Clause",
    "ClauseRef",
    "Context",
    "Finding",
    "Hit",
    "Interpretation",
    "Note",
    "Parameter",
    "ParameterSet",
    "ParameterValue",
    "Registry",
    "Report",
    "Rule",
    "Severity",
    "Standard",
    "Subject",
    "Summary",
    "audit",
    "default_parameters",
    "interpretation",
    "load_inventory",
    "load_profile",
    "mask_tree",
    "mask_value",
    "parse_choices",
    "rule",
    "run_rules",
]
