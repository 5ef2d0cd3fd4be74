/* A fresh SST restore script, every value computed from the checkpoint: the components of
 * the fork's arm_checkpoints.py (bus, DRAM controller, gem5 nodes with their bridges) in
 * gem5wb's own words, laid out so that patch-sst can edit it again later. */
#include "core/workflow/sstscript.h"
#include "core/workflow/sstscript_impl.h"
#include "core/util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RUN_SCRIPT \
    "../../disaggregated_memory/configs/arm-stream-checkpoint-restore-unified-script.py"

struct sb {
    char *buf;
    size_t len, cap;
    bool failed;
};

static void add(struct sb *b, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
static void add(struct sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (b->failed || n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = (b->len + (size_t)n + 1) * 2;
        char *p = realloc(b->buf, cap);
        if (!p) {
            b->failed = true;
            return;
        }
        b->buf = p;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Values the script sets, Python-escaped for "..." literals. */
struct gen {
    char *ckpt, *remote, *run;
    const char *cpu, *clock, *latency;
    unsigned nodes;
    char mem[32];
};

/* No facts in comments: patch-sst edits the values below, and a comment would go stale. */
static void header(struct sb *b)
{
    add(b, "# SST restore script for a gem5 checkpoint of darchr's disaggregated-memory board,\n"
           "# written by gem5wb: the values under \"What gem5 restores\" come from the\n"
           "# checkpoint, and `gem5wb patch-sst THIS_FILE CHECKPOINT` points them at another.\n#\n"
           "# Run it from gem5's ext/sst folder: the gem5 library and the run script below are\n"
           "# found relative to it.\n"
           "#     sst --add-lib-path=./ THIS_FILE\n\n"
           "import sst\nfrom sst import UnitAlgebra\n\n");
}

static void values(struct sb *b, const struct sst_facts *f, const struct gen *g)
{
    add(b, "# ---- What gem5 restores (read from the checkpoint) ----\n\n"
           "# The checkpoint folder, absolute: gem5 runs inside SST with ext/sst as its folder.\n"
           "chpt_dir = \"%s\"\n"
           "# The gem5 config that rebuilds the composable board and restores the checkpoint.\n"
           "gem5_run_script = \"%s\"\n"
           "# The remote memory's place in gem5's physical addresses: start,end (end exclusive).\n"
           "remote_memory_addr_range = \"%llu,%llu\"\n"
           "# Cycles gem5 adds in front of the remote memory (750 at 3 GHz is 250 ns).\n"
           "remote_memory_latency = %s\n"
           "# The gem5 object that answers SST's requests: the checkpoint's remote memory.\n"
           "remote_memory_object = \"%s\"\n\n",
        g->ckpt, g->run, (unsigned long long)f->range_start, (unsigned long long)f->range_end,
        g->latency, g->remote);
    add(b, "# ---- The simulated system ----\n\n"
           "# gem5 nodes; more than one needs mpirun, and each its own checkpoint and range.\n"
           "system_nodes = %u\n"
           "# The unified run script restores on TIMING cores whatever this says; older run\n"
           "# scripts (arm-numa-checkpoints.py) took it as --cpu-type.\n"
           "cpu_type = \"%s\"\n"
           "cpu_clock_rate = \"%s\"\n"
           "cache_link_latency = \"1ps\"\n\n"
           "# SST's memory holds gem5's physical addresses 1:1 (the bridge copies the remote\n"
           "# store to its own addresses), so it must reach the end of the remote range.\n"
           "sst_memory_size = \"%s\"\n"
           "addr_range_end = UnitAlgebra(sst_memory_size).getRoundedValue()\n\n\n",
        g->nodes, g->cpu, g->clock, g->mem);
}

static void memory(struct sb *b)
{
    add(b, "def connect(name, low, low_index, high, high_index, port=False, direct_link=False):\n"
           "    \"\"\"Links a component's low side to another's high side, as the fork does.\"\"\"\n"
           "    low_port = \"port\" if port else \"low_network_\" + str(low_index)\n"
           "    high_port = \"direct_link\" if direct_link else \"high_network_\" + str(high_index)\n"
           "    sst.Link(name).connect((low, low_port, cache_link_latency),\n"
           "                           (high, high_port, cache_link_latency))\n\n\n"
           "# One bus joins every gem5 node's bridge to the memory.\n"
           "mem_bus = sst.Component(\"membus\", \"memHierarchy.Bus\")\n"
           "mem_bus.addParams({\"bus_frequency\": cpu_clock_rate})\n\n"
           "# The memory controller runs on rank 0, with a timing DRAM behind it.\n"
           "memctrl = sst.Component(\"memory\", \"memHierarchy.MemController\")\n"
           "memctrl.setRank(0, 0)\n"
           "memctrl.addParams({\n"
           "    \"debug\": \"0\",\n    \"clock\": \"1.2GHz\",\n    \"request_width\": \"64\",\n"
           "    \"addr_range_end\": addr_range_end,\n})\n"
           "dram = memctrl.setSubComponent(\"backend\", \"memHierarchy.timingDRAM\")\n"
           "dram.addParams({\n"
           "    \"id\": 0,\n    \"addrMapper\": \"memHierarchy.simpleAddrMapper\",\n"
           "    \"addrMapper.interleave_size\": \"64B\",\n    \"addrMapper.row_size\": \"1KiB\",\n"
           "    \"clock\": \"1.2GHz\",\n    \"mem_size\": sst_memory_size,\n    \"channels\": 4,\n"
           "    \"channel.numRanks\": 2,\n    \"channel.rank.numBanks\": 16,\n"
           "    \"channel.rank.bank.TRP\": 14,\n    \"printconfig\": 1,\n})\n\n");
}

static void nodes(struct sb *b)
{
    add(b, "ports = {\"remote_memory_port\": remote_memory_object}\n"
           "gem5_nodes = []\nmemory_ports = []\n"
           "for node in range(system_nodes):\n"
           "    # gem5's command line. SST's gem5 component splits it at blanks and quotes,\n"
           "    # so no item may contain them.\n"
           "    cmd = [\n"
           "        f\"--outdir=../../m5out_sst_rem_rstr_{node}\",\n"
           "        f\"{gem5_run_script}\",\n"
           "        f\"--chpt-dir={chpt_dir}\",\n"
           "        f\"--take-chpt=False\",\n"
           "        f\"--is-composable=True\",\n"
           "        f\"--remote-memory-addr-range={remote_memory_addr_range}\",\n"
           "        f\"--remote-memory-latency={remote_memory_latency}\",\n"
           "        f\"--instance {node}\",\n"
           "    ]\n"
           "    gem5 = sst.Component(f\"gem5_node_{node}\", \"gem5.gem5Component\")\n"
           "    gem5.addParams({\n"
           "        \"frequency\": cpu_clock_rate,\n        \"cmd\": \" \".join(cmd),\n"
           "        \"debug_flags\": \"\",\n        \"ports\": \" \".join(ports),\n    })\n"
           "    # Memory on rank 0, each gem5 node on the next ranks (used under mpirun).\n"
           "    gem5.setRank(node + 1, 0)\n"
           "    bridge = gem5.setSubComponent(\"remote_memory_port\", \"gem5.gem5Bridge\", 0)\n"
           "    bridge.addParams({\"response_receiver_name\": ports[\"remote_memory_port\"]})\n"
           "    connect(f\"node_{node}_mem_port_2_mem_bus\", bridge, 0, mem_bus, node, port=True)\n"
           "    gem5_nodes.append(gem5)\n    memory_ports.append(bridge)\n\n"
           "connect(\"membus_2_memory\", mem_bus, 0, memctrl, 0, direct_link=True)\n\n"
           "# Statistics of every component, as text.\n"
           "sst.setStatisticLoadLevel(10)\n"
           "sst.setStatisticOutput(\"sst.statOutputTXT\", {\"filepath\": \"boardx.txt\"})\n"
           "sst.enableAllStatisticsForAllComponents()\n");
}

int sstscript_generate(const struct sst_facts *f, const struct sst_opts *o, char **text,
                       size_t *len, char *err)
{
    if (sst_check_opts(o, err) != 0)
        return -1;
    if (!f->have_range)
        return err_set(err, "cannot write a restore script for %s: its remote memory's address "
                       "range is unknown (give the run's config.json with --config)", f->ckpt_dir);
    struct gen g = { sst_py_escape(f->ckpt_dir, '"', false, false),
                     sst_py_escape(f->remote_path, '"', false, false),
                     sst_py_escape(o->run_script ? o->run_script : DEFAULT_RUN_SCRIPT, '"',
                                   false, false),
                     o->cpu_type ? o->cpu_type : "timing", o->clock ? o->clock : "3GHz",
                     o->latency ? o->latency : "750", o->nodes ? o->nodes : 1, "" };
    sst_size_text(f->sst_mem_size, g.mem, sizeof g.mem);
    struct sb b = { 0 };
    b.failed = !g.ckpt || !g.remote || !g.run;
    header(&b);
    values(&b, f, &g);
    memory(&b);
    nodes(&b);
    free(g.ckpt);
    free(g.remote);
    free(g.run);
    if (b.failed || !b.buf) {
        free(b.buf);
        return err_set(err, "out of memory writing the restore script");
    }
    *text = b.buf;
    *len = b.len;
    return 0;
}

int sstscript_preview_generate(const char *file, const struct sst_facts *f,
                               const struct sst_opts *o, struct sst_result *r, char *err)
{
    memset(r, 0, sizeof *r);
    r->generated = true;
    char *text;
    size_t len;
    if (sstscript_generate(f, o, &text, &len, err) != 0)
        return -1;
    int rc = patch_preview_replace(file, text, len, &r->pv, err);
    free(text);
    if (rc != 0)
        return -1;
    for (size_t i = 0; rc == 0 && i < f->nwarnings; i++)
        rc = sst_list_add(&r->warnings, &r->nwarnings, "%s", f->warnings[i]);
    if (rc == 0)
        rc = sst_opt_warnings(&r->warnings, &r->nwarnings, o, o->nodes ? o->nodes : 1);
    if (rc != 0) {
        sstscript_result_free(r);
        return err_set(err, "out of memory previewing %s", file);
    }
    return 0;
}
