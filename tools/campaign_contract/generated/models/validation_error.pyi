# Type checkers read generated/models here: see ../__init__.py.
from generated.models.validation_error import *
