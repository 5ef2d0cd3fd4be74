// stand-in for the gem5 SST element (gem5.gem5Component)
#include <sst_stub.h>
int gem5_component() { return SST_STUB; }
