"""The reusable test kit: payload strategies, the respx mock of the endpoint, a pytest plugin.

Needs the `testing` extra (`pip install campaign-contract[testing]`: respx and Hypothesis).
Enable the fixtures with `pytest_plugins = ["campaign_contract.testing.pytest_plugin"]`.
"""

__all__ = ["near_misses", "pytest_plugin", "respx_mock", "strategies"]
