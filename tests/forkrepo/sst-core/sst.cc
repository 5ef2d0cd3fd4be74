int sst_core() { return 13; }
