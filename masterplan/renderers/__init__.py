"""Renderers: the document model (``masterplan.document.model``) laid out as files.

Each renderer reads only the :class:`~masterplan.document.model.Document` tree,
never answers or YAML. ``docx`` writes Word through python-docx on the styles
of ``templates/docx/reference.docx``; importing this package imports no
renderer, so a front end pays for python-docx only when it builds a DOCX.
"""
