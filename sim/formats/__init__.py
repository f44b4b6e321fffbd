"""Interchange formats: Gambit ``.nfg`` (normal form) and ``.efg`` (extensive form) files."""
