"""The recommendation engine: a plain numpy/scipy/scikit-learn library with no Django imports.

Modules: ``data`` (matrices and loaders), ``metrics``, ``models`` (item recommenders),
``evaluation`` (full-ranking protocol), ``links`` (people link prediction), ``matching``
(person ↔ role fit, team formation), ``levels`` (knowledge level), ``rerank`` (blending,
diversity, reasons), ``embeddings`` (text vectors), ``synthetic`` (seeded generators).
The Django side builds inputs from the database and stores the outputs.
"""
