"""svodka: archives of Russian event reports → normalized tables."""

__version__ = "0.1.0"
