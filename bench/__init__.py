"""Benchmarks of pcaet at regional and national scale (see bench/README.md)."""
