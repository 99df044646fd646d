"""Test support shared by the tests and the benchmarks: synthetic corpora, planted pairs, hypothesis
strategies and small newsroom fixtures. Benchmarks import from here; tests never import benchmarks/."""
