/* `gem5wb cpt addr`: physical address -> store and offset (and the channel serving it),
 * or storeN+OFFSET -> physical address, through the checkpoint's memory map. */
#include "cli/args.h"
#include "cli/ckpt_view.h"
#include "cli/cmds.h"
#include "core/checkpoint/ckpt_addr.h"
#include "core/util/err.h"
#include "core/util/size.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int report(const struct args *a, const struct ckpt *ck, size_t store, uint64_t off,
                  uint64_t addr, long mem)
{
    const struct mm_store *s = &ck->map.stores[store];
    const char *memory = mem >= 0 ? ck->map.mems[mem].path : s->name;
    if (a->common.json) {
        cJSON *doc = cJSON_CreateObject();
        cli_json_hex(doc, "address", addr);
        cJSON_AddNumberToObject(doc, "store", (double)store);
        cli_json_hex(doc, "offset", off);
        cJSON_AddStringToObject(doc, "memory", memory);
        cJSON_AddStringToObject(doc, "role", mm_role_name(s->role));
        cJSON_AddBoolToObject(doc, "in_addr_map", s->in_addr_map);
        return cli_json_out(doc, CLI_OK);
    }
    char range[64];
    printf("address 0x%" PRIx64 " = store%zu+0x%" PRIx64 "  (%s, %s memory, store range %s%s)\n",
           addr, store, off, memory, mm_role_name(s->role),
           ckpt_view_range(s->start, s->end, range, sizeof range),
           s->in_addr_map ? "" : ", not in the address map");
    return CLI_OK;
}

static int resolve(const struct args *a, const struct ckpt *ck, char *err)
{
    const char *what = a->pos[1];
    size_t store;
    uint64_t off, addr;
    long mem = -1;
    if (!strncmp(what, "store", 5)) {
        if (ckpt_addr_store_ref(what, &store, &off, err) != 0)
            return -1;
        if (memmap_address(&ck->map, store, off, &addr) != 0)
            return err_set(err, "store%zu+0x%" PRIx64 " is outside the checkpoint's %zu stores "
                           "or past the end of that store", store, off, ck->map.nstores);
        size_t s2;
        uint64_t o2;
        memmap_lookup(&ck->map, addr, &s2, &o2, &mem);
        if (s2 != store)
            mem = -1;
        return report(a, ck, store, off, addr, mem);
    }
    if (size_parse(what, &addr, "address", err) != 0)
        return -1;
    if (memmap_lookup(&ck->map, addr, &store, &off, &mem) != 0)
        return err_set(err, "no store of %s covers address 0x%" PRIx64, ck->dir, addr);
    return report(a, ck, store, off, addr, mem);
}

int cmd_cpt_addr(int argc, char **argv)
{
    struct args a;
    int rc = args_parse("cpt addr", argc, argv, NULL, NULL, NULL, 2, 2, &a);
    if (rc >= 0)
        return rc;
    char err[ERR_LEN];
    struct ckpt *ck;
    if (ckpt_open(a.pos[0], a.common.config, &ck, err) != 0)
        return cli_error(a.common.json, err);
    if (!ck->map.known) {
        snprintf(err, sizeof err, "the address map of %s is unknown: no config.json or "
                 "config.ini beside it (give one with --config)", a.pos[0]);
        rc = -1;
    } else {
        rc = resolve(&a, ck, err);
    }
    ckpt_close(ck);
    if (rc < 0)
        return cli_error(a.common.json, err);
    return rc;
}
