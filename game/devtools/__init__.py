"""Developer tools: the benchmark."""
