# The checkout's pointer to the top-level generated/ folder, for type checkers: see __init__.py.
