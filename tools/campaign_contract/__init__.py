"""campaign-contract: the SMS campaign API's contract, made executable."""

__version__ = "0.1.0"
