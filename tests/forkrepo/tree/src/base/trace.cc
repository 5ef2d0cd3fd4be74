int gem5_trace() { return 1; }
