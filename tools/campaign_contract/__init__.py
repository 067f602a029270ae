"""campaign-contract: the SMS campaign API's contract, made executable."""

__version__ = "0.2.0"
