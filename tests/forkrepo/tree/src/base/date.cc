int gem5_date() { return 1; }
