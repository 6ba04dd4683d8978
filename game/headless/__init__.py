"""Headless use: the Simulation API, sweeps over many seeds, the pytest plugin."""
