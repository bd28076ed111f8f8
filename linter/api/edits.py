"""Text edits for fixes: each changes only the bytes it must, so comments, order, quoting and line
endings elsewhere stay as they were."""
from linter.edits import (  # noqa: F401
    fix, indentation, insert_lines_after, insert_lines_before, replace, yaml_append_item, yaml_indent_step,
    yaml_insert_key,
)

__all__ = [
    'fix', 'indentation', 'insert_lines_after', 'insert_lines_before', 'replace', 'yaml_append_item',
    'yaml_indent_step', 'yaml_insert_key',
]
