"""summitwatch: a sourced evidence base and calibrated forecasts on leader-level diplomacy."""

__version__ = "0.1.0"
