/* The init-data volume of the darchr bridge, from its code (darchr-workflow.md §5.3):
 * how much of a remote store reaches SST, in how many writes and phases. */
#include "core/pmem/pmem_sst.h"

#define GIB (1ull << 30)
#define MIB (1ull << 20)

void pmem_sst_predict(uint64_t size, enum pmem_bridge bridge, struct pmem_sst_init *o)
{
    *o = (struct pmem_sst_init){ .bridge = bridge };
    if (bridge == PMEM_BRIDGE_BACKDOOR) {
        /* phases_needed = size / 1 GiB (truncating); each odd phase: 1024 writes of 1 MiB */
        uint64_t phases = size / GIB;
        o->phases = phases;
        o->event_bytes = MIB;
        o->events = phases * 1024;
        o->bytes_sent = phases * GIB;
        o->largest_phase = phases ? GIB : 0;
        o->dropped = size - o->bytes_sent;
        o->loads_nothing = phases == 0 && size > 0;
    } else {
        uint64_t piece = bridge == PMEM_BRIDGE_INITDATA ? 4 * MIB : 64;
        o->event_bytes = piece;
        o->events = (size + piece - 1) / piece;
        o->bytes_sent = size;
        o->phases = size ? 1 : 0;
        o->largest_phase = size;
    }
    o->exceeds_mpi = o->largest_phase > PMEM_MPI_COUNT_MAX;
}

const char *pmem_bridge_name(enum pmem_bridge b)
{
    switch (b) {
    case PMEM_BRIDGE_BACKDOOR: return "backdoor";
    case PMEM_BRIDGE_INITDATA: return "initdata";
    default: return "initdata-64";
    }
}

const char *pmem_bridge_commits(enum pmem_bridge b)
{
    switch (b) {
    case PMEM_BRIDGE_BACKDOOR: return "7d4cb1dc8e (2024-04-05) and later";
    case PMEM_BRIDGE_INITDATA: return "05008c17c0 (2024-03-18) to 7d4cb1dc8e";
    default: return "d3129bb3f9 (2024-03-04) to 05008c17c0";
    }
}
