int mem_hierarchy() { return 1; }
