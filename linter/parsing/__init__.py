"""From a :class:`~linter.source.Source` to a :class:`~linter.parsing.model.Report`.

``grammar`` runs the Lark parser over the text and yields typed lines;
``structure`` groups them into title, preamble and sections and finds the report
year; ``tables`` reads the three statutory tables as grids keyed by the canonical
labels of ``layouts``.  :func:`linter.engine.parse` runs them in that order, with
the table layout of the rule pack the report year picks.
"""
