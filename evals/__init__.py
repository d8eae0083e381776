"""Answer-quality evaluation: suites, metrics, runs, reports and regression gates."""
