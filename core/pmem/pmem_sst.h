/* What SST receives in its init phases when a remote store is loaded through the darchr
 * fork's bridge, and whether one MPI message would exceed MPI_Isend's int count. */
#ifndef GW_PMEM_SST_H
#define GW_PMEM_SST_H

#include <stdbool.h>
#include <stdint.h>

enum pmem_bridge {
    PMEM_BRIDGE_BACKDOOR,   /* 7d4cb1dc8e (2024-04-05) and later: 1 GiB per odd init phase
                               from the remote memory's own restored store */
    PMEM_BRIDGE_INITDATA,   /* 05008c17c0..7d4cb1dc8e^: the whole store file read in 4 MiB
                               pieces, all sent in init phase 1 */
    PMEM_BRIDGE_INITDATA_64 /* d3129bb3f9..05008c17c0^: the same in 64-byte pieces */
};

#define PMEM_MPI_COUNT_MAX 2147483647ull   /* MPI_Isend's int count, in bytes */

struct pmem_sst_init {
    enum pmem_bridge bridge;
    uint64_t bytes_sent;          /* payload bytes of all init writes */
    uint64_t events;              /* sendUntimedData writes */
    uint64_t event_bytes;         /* payload of one write */
    uint64_t phases;              /* init phases that carry data */
    uint64_t largest_phase;       /* payload bytes in the busiest phase: one MPI message
                                     between ranks carries at least this */
    uint64_t dropped;             /* bytes of the store never sent */
    bool loads_nothing;           /* the backdoor bridge sends nothing below 1 GiB */
    bool exceeds_mpi;             /* largest_phase > 2^31-1: MPI_ERR_COUNT under mpirun */
};

void pmem_sst_predict(uint64_t store_size, enum pmem_bridge bridge, struct pmem_sst_init *out);
const char *pmem_bridge_name(enum pmem_bridge b);
/* The commits the bridge's behaviour belongs to, for messages. */
const char *pmem_bridge_commits(enum pmem_bridge b);

#endif
