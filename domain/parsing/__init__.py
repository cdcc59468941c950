"""The work-programme parser's machinery; :mod:`domain.programme` is its public face."""
