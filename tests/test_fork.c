/* core/workflow/fork tests: small gem5 trees laid out as darchr's fork at three points of its
 * history (b03cb1aa88, af5a333e7f, the tip), in folders with spaces and quotes; what the probe
 * reads from them, the findings with README quotes and fixes, the config chosen for each step,
 * checkpoint paths, git HEAD and local edits, and the scanners it is built on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util/err.h"
#include "core/util/fileio.h"
#include "core/workflow/fork.h"
#include "core/workflow/fork_impl.h"
#include "tests/support/testutil.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CFG "disaggregated_memory/configs/"
#define UNIFIED CFG "arm-stream-checkpoint-restore-unified-script.py"
#define NUMA CFG "arm-numa-checkpoints.py"
#define GEM5_ONLY CFG "arm-gem5-only-numa-checkpoints.py"
#define V2MAIN "disaggregated_memory_v2/configs/arm-main.py"
#define RESPONDER "ext/sst/sst_responder_subcomponent.cc"
#define BRIDGE "src/sst/outgoing_request_bridge.cc"
#define SST_CKPT "ext/sst/sst/checkpoints/arm_checkpoints.py"

/* ---- the files of the fake trees (written for these tests, same layout and key lines) ---- */

static const char unified_py[] =
    "# A take/restore script in the unified dialect (test copy)\n"
    "import argparse\n"
    "from memories.remote_memory import RemoteChanneledMemory\n"
    "from memories.external_remote_memory import ExternalRemoteMemory\n"
    "from gem5.components.processors.cpu_types import CPUTypes\n"
    "\n"
    "def parse_options():\n"
    "    parser = argparse.ArgumentParser()\n"
    "    parser.add_argument(\"--chpt-dir\", type=str, default=\"\", help=\"(restore) here\")\n"
    "    parser.add_argument(\"--take-chpt\", type=str)\n"
    "    parser.add_argument(\n        \"--is-composable\", type=str,\n    )\n"
    "    parser.add_argument(\"--remote-memory-addr-range\", type=str, default=\"\")\n"
    "    parser.add_argument(\"--remote-memory-latency\", type=int)\n"
    "    parser.add_argument(\"--instance\", type=int)\n"
    "    return parser.parse_args()\n"
    "\n"
    "if __name__ == \"__m5_main__\":\n"
    "    args = parse_options()\n"
    "    cpu_type = CPUTypes.TIMING\n"
    "    if args.take_chpt == \"True\":\n"
    "        cpu_type = CPUTypes.KVM\n"
    "    if args.is_composable == \"False\":\n"
    "        remote_memory = RemoteChanneledMemory(size=\"32GB\")\n"
    "    else:\n"
    "        remote_memory = ExternalRemoteMemory(addr_range=None, link_latency=750)\n"
    "    if args.take_chpt == \"True\":\n"
    "        simulator.save_checkpoint(m5.options.outdir + \"/checkpoint\")\n";

/* comma: "," for a file that parses, "" for the tip's SyntaxError */
static char *numa_py(const char *comma)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
        "import argparse, os\n"
        "from memories.external_remote_memory import ExternalRemoteMemory\n"
        "from memories.remote_memory_outgoing_bridge import RemoteMemoryOutgoingBridge\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument(\"--command\", type=str)\n"
        "parser.add_argument(\"--cpu-type\", type=str, choices=[\"atomic\", \"kvm\"],\n"
        "                    default=\"atomic\")\n"
        "parser.add_argument(\"--cpu-clock-rate\", type=str, required=True)\n"
        "parser.add_argument(\"--local-memory-size\", type=str, required=True)\n"
        "parser.add_argument(\"--remote-memory-addr-range\", type=str, required=True)\n"
        "parser.add_argument(\"--remote-memory-latency\", type=int, required=True)\n"
        "parser.add_argument(\"--instance\", type=int, required=True)\n"
        "parser.add_argument(\"--ckpt-file\", type=str, default=\"\")\n"
        "parser.add_argument(\"--take-ckpt\", type=str, default=\"False\", required=True)\n"
        "args = parser.parse_args()\n"
        "remote_memory = ExternalRemoteMemory(addr_range=None, link_latency=750)\n"
        "workload = dict(\n"
        "    disk_image=DiskImageResource(\n"
        "        \"/images/arm64-numa.img\"%s\n"
        "        root_partition=\"1\",\n"
        "    ),\n"
        ")\n"
        "ckpt = args.ckpt_file + str(args.instance)\n"
        "m5.checkpoint(os.path.join(os.getcwd(), ckpt))\n", comma);
    return buf;
}

static const char gem5_only_py[] =
    "import argparse, os\n"
    "from memories.remote_memory import RemoteChanneledMemory\n"
    "parser = argparse.ArgumentParser()\n"
    "parser.add_argument(\"--ckpt-file\", type=str, default=\"\")\n"
    "parser.add_argument(\"--take-ckpt\", type=str, default=\"False\", required=True)\n"
    "parser.add_argument(\"--restore-ckpt\", type=str, default=\"False\")\n"
    "args = parser.parse_args()\n"
    "remote = RemoteChanneledMemory(size=\"2GB\")\n"
    "if args.take_ckpt == \"True\":\n"
    "    simulator.save_checkpoint(args.ckpt_file)\n";

static const char v2_main_py[] =
    "import argparse, os\n"
    "from memories.external_remote_memory_v2 import ExternalRemoteMemoryV2\n"
    "parser = argparse.ArgumentParser()\n"
    "parser.add_argument(\"--cpu-type\", type=str, default=\"atomic\")\n"
    "parser.add_argument(\"--cpu-clock-rate\", type=str, required=True)\n"
    "parser.add_argument(\"--instance\", type=int, required=True)\n"
    "parser.add_argument(\"--local-memory-size\", type=str, required=True)\n"
    "parser.add_argument(\"--is-composable\", type=str, required=True,\n"
    "                    choices=[\"True\", \"False\"])\n"
    "parser.add_argument(\"--remote-memory-addr-range\", type=str, required=True)\n"
    "parser.add_argument(\"--remote-memory-latency\", type=int, required=True)\n"
    "parser.add_argument(\"--ckpt-file\", type=str, default=\"\")\n"
    "parser.add_argument(\"--take-ckpt\", type=str, default=\"False\", required=True)\n"
    "args = parser.parse_args()\n"
    "remote_memory = ExternalRemoteMemoryV2(addr_range=None)\n"
    "ckpt = os.getcwd() + \"/\" + m5.options.outdir + \"/\" + \\\n"
    "    args.ckpt_file + str(args.instance)\n";

static const char ext_remote_py[] =
    "# ExternalMemory() was tried here once (a comment, not code)\n"
    "from m5.objects import OutgoingRequestBridge\n"
    "class ExternalRemoteMemory:\n"
    "    \"\"\"Wraps an ExternalMemory() in the docs only.\"\"\"\n"
    "    def __init__(self, addr_range=None, link_latency=0):\n"
    "        self._bridge = OutgoingRequestBridge()\n";

static const char ext_remote_v2_py[] =
    "from m5.objects import ExternalMemory\n"
    "class ExternalRemoteMemoryV2:\n"
    "    def __init__(self, addr_range=None):\n"
    "        self.outgoing_request_bridge = ExternalMemory()\n";

static const char responder_ext_cc[] =
    "/* the old receiver:\n"
    "    dynamic_cast<gem5::OutgoingRequestBridge*>(\n"
    "*/\n"
    "void SSTResponderSubComponent::init(unsigned phase)\n"
    "{\n"
    "    if (phase == 0) {\n"
    "        gem5::MemBackdoorPtr data;\n"
    "        responseReceiver->getBackdoor(data);\n"
    "    }\n"
    "}\n"
    "bool SSTResponderSubComponent::findCorrespondingSimObject(gem5::Root* gem5_root)\n"
    "{\n"
    "    // dynamic_cast<gem5::OutgoingRequestBridge*>(\n"
    "    gem5::ExternalMemory* receiver =\n"
    "        dynamic_cast< gem5::ExternalMemory *>(\n"
    "            gem5_root->find(gem5SimObjectName.c_str()));\n"
    "    return receiver != NULL;\n"
    "}\n";

/* backdoor: the af5a333e7f responder; else the b03cb1aa88 one (initData in phase 1) */
static const char *responder_bridge_cc(int backdoor)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
        "void SSTResponderSubComponent::init(unsigned phase)\n"
        "{\n%s}\n"
        "bool SSTResponderSubComponent::findCorrespondingSimObject(gem5::Root* gem5_root)\n"
        "{\n"
        "    gem5::OutgoingRequestBridge* receiver = \\\n"
        "        dynamic_cast<gem5::OutgoingRequestBridge*>(\n"
        "            gem5_root->find(gem5SimObjectName.c_str()));\n"
        "    return receiver != NULL;\n"
        "}\n", backdoor ? "    gem5::MemBackdoorPtr data;\n"
                          "    responseReceiver->getBackdoor(data);\n"
                        : "    if (phase == 1)\n        send(responseReceiver->initData);\n");
    return buf;
}

static const char bridge_tip_cc[] =
    "// std::string physical_memory_file = \"board.physmem.store0.pmem\"; lived here\n"
    "void OutgoingRequestBridge::init() {}\n";

static const char bridge_b03_cc[] =
    "void\n"
    "OutgoingRequestBridge::unserialize(CheckpointIn &cp)\n"
    "{\n"
    "    // FIXME: This needs to be *NOT* hardcoded.\n"
    "    std::string physical_memory_file = \"board.physmem.store0.pmem\";\n"
    "    const int amount_in_bytes = 64;\n"
    "}\n";

static const char sst_ckpt_unified_py[] =
    "import sst\n"
    "gem5_run_script = \"../../" UNIFIED "\"\n"
    "chpt_dir = \"%s\"\n"
    "for node in range(1):\n"
    "    cmd = [\n"
    "        f\"--outdir=../../m5out_{node}\",\n"
    "        f\"{gem5_run_script}\",\n"
    "        f\"--chpt-dir={chpt_dir}\",\n"
    "        f\"--take-chpt=False\",\n"
    "        f\"--is-composable=True\",\n"
    "        f\"--remote-memory-addr-range=4294967296,38654705664\",\n"
    "        f\"--remote-memory-latency=750\",\n"
    "        f\"--instance {node}\",\n"
    "    ]\n"
    "    ports = {\"remote_memory_port\": \"board.remote_memory\"}\n";

static const char sst_ckpt_numa_py[] =
    "import sst\n"
    "gem5_run_script = \"../../" NUMA "\"\n"
    "cpu_clock_rate = \"3GHz\"\n"
    "for node in range(1):\n"
    "    cmd = [\n"
    "        f\"--outdir=ckpts/m5out_rstr_{node}\",\n"
    "        f\"{gem5_run_script}\",\n"
    "        f\"--cpu-clock-rate {cpu_clock_rate}\",\n"
    "        f\"--instance {node}\",\n"
    "        f\"--cpu-type timing\",\n"
    "        f\"--local-memory-size 2GiB\",\n"
    "        f\"--remote-memory-addr-range 4294967296,6442450944\",\n"
    "        f\"--take-ckpt False\",\n"
    "        f\"--ckpt-file test-to-restore\",\n"
    "        f\"--remote-memory-latency \\\n"
    "            {int(float(cpu_clock_rate[0:cpu_clock_rate.find('G')]) * 250)}\"\n"
    "    ]\n";

static const char sst_restore_py[] =
    "gem5_run_script = \"../../" CFG "arm-checkpoint-restore-unified-script.py\"\n"
    "cmd = [\n"
    "    f\"{gem5_run_script}\",\n"
    "    f\"--restore-chpt=True\",\n"
    "    f\"--is-remote=True\",\n"
    "    f\"--chpt-dir=/nonexistent/old/checkpoint\",\n"
    "]\n";

static const char sst_composable_py[] =
    "gem5_run_script = \"../../" V2MAIN "\"\n"
    "cmd = [\n"
    "    f\"--outdir=stats{node}\",\n"
    "    f\"{gem5_run_script}\",\n"
    "    f\"--cpu-clock-rate 3GHz\",\n"
    "    f\"--is-composable True\",\n"
    "    f\"--instance {node}\",\n"
    "    f\"--local-memory-size 2GiB\",\n"
    "    f\"--remote-memory-addr-range 4294967296,38654705664\",\n"
    "    f\"--take-ckpt False\",\n"
    "    f\"--ckpt-file test-ckpt\",\n"
    "    f\"--remote-memory-latency 0\"\n"
    "]\n"
    "ports = {\"remote_memory_port\": \"board.remote_memory.outgoing_request_bridge\"}\n";

static const char readme_tip_md[] =
    "# Checkpoints in gem5 + SST (test README)\n"
    "```sh\n# build libgem5\n# build sst\n```\n"
    "1. gem5-only take:\n"
    "```sh\n"
    "build/ARM/gem5.opt --outdir=<out> " CFG "arm-gem5-only-numa-checkpoint-restore.py "
    "--take-ckpt=True\n"
    "```\n"
    "2. gem5-only restore:\n"
    "```sh\n"
    "build/ARM/gem5.opt " GEM5_ONLY " --take-ckpt=False --restore-ckpt=True "
    "--ckpt-file<path/to/ckpt>\n"
    "```\n"
    "3. take for SST:\n"
    "```sh\n"
    "build/ARM/gem5.opt " NUMA " --cpu-clock-rate 3GHz --instance 0 --cpu-type atomic "
    "--local-memory-size 2GiB --remote-memory-addr-range 4294967296,38654705664 "
    "--remote-memory-latency 750 --take-ckpt=True --ckpt-file=<path>\n"
    "```\n"
    "5. In `outgoing_request_bridge.cc`, modify this line:\n"
    "```cpp\n"
    "std::string physical_memory_file = \"board.physmem.store0.pmem\";\n"
    "```\n"
    "8. Restore in SST:\n"
    "```sh\n"
    "bin/sst  --add-lib-path=./ sst/checkpoints/arm_checkpoints.py\n"
    "```\n"
    "## Known Issues\n"
    "1. MPI fails with `MPI_ERROR_COUNT` error.\n"
    "2. KVM checkpoints do not load correctly in SST memory.\n";

static const char readme_b03_md[] =
    "# Checkpoints (test README, older)\n"
    "```sh\n"
    "build/ARM/gem5.opt " GEM5_ONLY " --take-ckpt=True --ckpt-file=<path/to/ckpt>\n"
    "```\n"
    "```sh\n"
    "build/ARM/gem5.opt " GEM5_ONLY " --take-ckpt=False --restore-ckpt=True "
    "--ckpt-file<path/to/ckpt>\n"
    "```\n"
    "```cpp\n"
    "std::string physical_memory_file = \"board.physmem.store0.pmem\";\n"
    "```\n";

static const char install_md[] =
    "# Installing SST\n"
    "```sh\n"
    "scons build/RISCV/libgem5_opt.so -j $(nproc) --without-tcmalloc --duplicate-sources\n"
    "```\n"
    "The make file is hardcoded to RISC-V. Edit the Makefile or pass `ARCH=RISCV` to `ARCH=ARM`.\n";

static const char makefile_linux[] =
    "SST_VERSION=SST-13.0.0 # Name of the .pc file\n"
    "GEM5_LIB=gem5_opt\n"
    "ARCH=RISCV\n"
    "LDFLAGS=-shared -L../../build/${ARCH}/ -Wl,-rpath ../../build/${ARCH}\n";

static const char sst_install_sh[] =
    "# make ARCH=ARM would be the one\n"
    "make clean ; make ARCH=ALL -j4\n";

/* ---- building trees ---- */

struct tree {
    char *base;                   /* tu_tmpdir */
    char dir[512];                /* the gem5 folder inside it */
};

static void put(const char *dir, const char *rel, const char *text)
{
    char path[4096], parent[4096], err[ERR_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    path_parent(path, parent, sizeof parent);
    assert_int_equal(dir_create(parent, err), 0);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void mkdirs(const char *dir, const char *rel)
{
    char path[4096], err[ERR_LEN];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    assert_int_equal(dir_create(path, err), 0);
}

static void tree_new(struct tree *t)
{
    t->base = strdup(tu_tmpdir());
    assert_non_null(t->base);
    snprintf(t->dir, sizeof t->dir, "%s/my 'gem5' \"fork\" clone", t->base);
    mkdirs(t->dir, ".");
}

static void tree_free(struct tree *t)
{
    tu_rmtree(t->base);
    free(t->base);
}

static void common_files(const char *d)
{
    put(d, "disaggregated_memory/memories/external_remote_memory.py", ext_remote_py);
    put(d, "disaggregated_memory/memories/remote_memory.py",
        "class RemoteChanneledMemory:\n    pass\n");
    put(d, "disaggregated_memory/memories/remote_memory_outgoing_bridge.py",
        "from m5.objects import OutgoingRequestBridge\nclass RemoteMemoryOutgoingBridge:\n"
        "    def __init__(self):\n        self.b = OutgoingRequestBridge()\n");
    put(d, "ext/sst/INSTALL.md", install_md);
    put(d, "ext/sst/Makefile.linux", makefile_linux);
}

static void v2_files(const char *d)
{
    put(d, V2MAIN, v2_main_py);
    put(d, "disaggregated_memory_v2/memories/external_remote_memory_v2.py", ext_remote_v2_py);
}

static void tip_tree(struct tree *t)
{
    char script[2048];
    tree_new(t);
    common_files(t->dir);
    v2_files(t->dir);
    put(t->dir, "checkpoints.md", readme_tip_md);
    put(t->dir, UNIFIED, unified_py);
    put(t->dir, NUMA, numa_py(""));
    put(t->dir, RESPONDER, responder_ext_cc);
    put(t->dir, BRIDGE, bridge_tip_cc);
    put(t->dir, "src/sst/external_memory.cc", "// ExternalMemory\n");
    snprintf(script, sizeof script, sst_ckpt_unified_py, "/nonexistent/gem5wb-test/checkpoint");
    put(t->dir, SST_CKPT, script);
    put(t->dir, "ext/sst/sst/restore/arm_restore.py", sst_restore_py);
    put(t->dir, "ext/sst/sst/arm_composable_memory.py", sst_composable_py);
    put(t->dir, "ext/sst/SST_INSTALL.sh", sst_install_sh);
}

static void b03_tree(struct tree *t)
{
    tree_new(t);
    common_files(t->dir);
    put(t->dir, "checkpoints.md", readme_b03_md);
    put(t->dir, GEM5_ONLY, gem5_only_py);
    put(t->dir, NUMA, numa_py(","));
    put(t->dir, RESPONDER, responder_bridge_cc(0));
    put(t->dir, BRIDGE, bridge_b03_cc);
    put(t->dir, SST_CKPT, sst_ckpt_numa_py);
    mkdirs(t->dir, "ext/sst/test-to-restore0");
}

static void af5_tree(struct tree *t)
{
    char script[2048];
    tree_new(t);
    common_files(t->dir);
    v2_files(t->dir);
    put(t->dir, "checkpoints.md", readme_tip_md);
    put(t->dir, UNIFIED, unified_py);
    put(t->dir, NUMA, numa_py(""));
    put(t->dir, RESPONDER, responder_bridge_cc(1));
    put(t->dir, BRIDGE, bridge_tip_cc);
    snprintf(script, sizeof script, sst_ckpt_unified_py, "../../my ckpts/checkpoint");
    put(t->dir, SST_CKPT, script);
    mkdirs(t->dir, "my ckpts/checkpoint");
}

/* ---- helpers ---- */

static int line_of(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    int line = 1;
    for (const char *q = text; q < p; q++)
        line += *q == '\n';
    return line;
}

static bool have_python(void)
{
    const char *path = getenv("PATH");
    char buf[4096];
    for (const char *p = path ? path : ""; *p;) {
        size_t n = strcspn(p, ":");
        snprintf(buf, sizeof buf, "%.*s/python3", (int)n, p);
        if (access(buf, X_OK) == 0)
            return true;
        p += n + (p[n] == ':');
    }
    return false;
}

static const struct fork_config *cfg(const struct fork_probe *p, const char *path)
{
    const struct fork_config *c = fork_config_get(p, path);
    if (!c)
        fail_msg("no config %s", path);
    return c;
}

static const struct fork_finding *finding(const struct fork_probe *p, const char *id)
{
    const struct fork_finding *f = fork_finding_get(p, id);
    if (!f)
        fail_msg("no finding %s", id);
    return f;
}

static size_t count(const struct fork_probe *p, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nfindings; i++)
        n += !strcmp(p->findings[i].id, id);
    return n;
}

static void probe(const struct tree *t, struct fork_probe *p)
{
    char err[ERR_LEN] = "";
    if (fork_probe_run(t->dir, p, err) != 0)
        fail_msg("probe failed: %s", err);
}

/* ---- the tip ---- */

static void test_tip_configs(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    tip_tree(&t);
    probe(&t, &p);
    assert_string_equal(p.commit, "");
    assert_false(p.is_git);
    assert_string_equal(p.readme_path, "checkpoints.md");
    const struct fork_config *u = cfg(&p, UNIFIED);
    assert_int_equal(u->dialect, FORK_CFG_UNIFIED);
    assert_true(u->candidate);
    assert_true(fork_config_has_option(u, "--is-composable"));
    assert_true(fork_config_has_option(u, "--chpt-dir"));
    assert_false(fork_config_has_option(u, "--restore-chpt"));
    assert_string_equal(u->required, "");
    assert_int_equal(u->ckpt_at, FORK_AT_OUTDIR_CHECKPOINT);
    assert_true(u->take_kvm);
    assert_int_equal(u->memory, FORK_MEM_BRIDGE);
    assert_string_equal(u->memory_path, "disaggregated_memory/memories/external_remote_memory.py");
    assert_int_equal(u->memory_line, line_of(ext_remote_py, "self._bridge = Outgoing"));
    const struct fork_config *n = cfg(&p, NUMA);
    assert_int_equal(n->dialect, FORK_CFG_NUMA);
    assert_int_equal(n->ckpt_at, FORK_AT_CWD_FILE_INSTANCE);
    assert_true(strstr(n->required, " --take-ckpt ") && strstr(n->required, " --instance "));
    assert_false(n->take_kvm);
    const struct fork_config *v = cfg(&p, V2MAIN);
    assert_int_equal(v->dialect, FORK_CFG_V2_MAIN);
    assert_int_equal(v->memory, FORK_MEM_EXTERNAL);
    assert_int_equal(v->ckpt_at, FORK_AT_CWD_OUTDIR_FILE_INSTANCE);
    assert_null(fork_config_get(&p, GEM5_ONLY));
    if (!have_python()) {
        fork_probe_free(&p);
        tree_free(&t);
        skip();
    }
    assert_true(p.python);
    assert_int_equal(u->parse, FORK_PARSE_OK);
    assert_int_equal(v->parse, FORK_PARSE_OK);
    assert_int_equal(n->parse, FORK_PARSE_ERROR);
    assert_int_equal(n->parse_line, line_of(numa_py(""), "\"/images/arm64-numa.img\""));
    assert_true(tu_contains(n->parse_msg, "invalid syntax"));
    fork_probe_free(&p);
    tree_free(&t);
}

static void test_tip_sst(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    tip_tree(&t);
    probe(&t, &p);
    assert_int_equal(p.sst.bridge, FORK_BRIDGE_BACKDOOR);
    assert_string_equal(p.sst.bridge_path, RESPONDER);
    assert_int_equal(p.sst.bridge_line, line_of(responder_ext_cc, "getBackdoor"));
    assert_string_equal(p.sst.pmem_file, "");          /* only in a comment at the tip */
    assert_int_equal(p.sst.responder, FORK_MEM_EXTERNAL);
    assert_int_equal(p.sst.responder_line, line_of(responder_ext_cc, "dynamic_cast< gem5::Ext"));
    assert_true(p.sst.external_memory);
    assert_int_equal(p.nscripts, 3);
    const struct fork_sst_script *s = &p.scripts[0];
    assert_string_equal(s->path, SST_CKPT);
    assert_string_equal(s->run_config, UNIFIED);
    assert_true(s->run_present);
    assert_int_equal(s->ckpt_kind, FORK_SST_CKPT_DIR);
    assert_string_equal(s->ckpt, "/nonexistent/gem5wb-test/checkpoint");
    assert_int_equal(s->ckpt_line, 3);
    assert_false(s->ckpt_present);
    assert_string_equal(s->receiver, "board.remote_memory");
    assert_true(tu_contains(s->passed, " --is-composable "));
    assert_true(tu_contains(s->passed, " --instance "));
    assert_false(tu_contains(s->passed, "--outdir"));   /* gem5's own option, before the script */
    assert_string_equal(s->rejected, "");
    const struct fork_build *b = &p.build;
    assert_string_equal(b->make_arch, "RISCV");
    assert_int_equal(b->make_arch_line, 3);
    assert_string_equal(b->sst_version, "SST-13.0.0");
    assert_string_equal(b->install_sh_arch, "ALL");
    assert_int_equal(b->install_sh_line, 2);
    assert_string_equal(b->install_lib, "build/RISCV/libgem5_opt.so");
    assert_true(b->make_rpath_relative);
    fork_probe_free(&p);
    tree_free(&t);
}

static void test_tip_findings(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    tip_tree(&t);
    probe(&t, &p);
    const struct fork_finding *f = finding(&p, "responder-mismatch");
    assert_int_equal(f->sev, FORK_ERROR);
    assert_string_equal(f->path, RESPONDER);
    assert_true(tu_contains(f->what, "casts to ExternalMemory but " UNIFIED " builds an "
                                     "OutgoingRequestBridge"));
    assert_true(tu_contains(f->what, SST_CKPT) && tu_contains(f->what, "init phase 0"));
    assert_true(tu_contains(f->fix, "check out af5a333e7f"));
    assert_true(tu_contains(f->fix, V2MAIN) && tu_contains(f->fix, "arm_composable_memory.py"));
    assert_true(tu_contains(f->readme, "checkpoints.md:") &&
                tu_contains(f->readme, "sst/checkpoints/arm_checkpoints.py"));
    f = finding(&p, "readme-pmem-edit");
    assert_int_equal(f->sev, FORK_WARN);
    assert_true(tu_contains(f->readme, "physical_memory_file = \"board.physmem.store0.pmem\""));
    assert_true(tu_contains(f->what, "MemBackdoor"));
    assert_int_equal(count(&p, "readme-config-missing"), 2);
    f = finding(&p, "readme-config-missing");
    assert_true(tu_contains(f->path, "arm-gem5-only-numa-checkpoint-restore.py"));
    assert_true(tu_contains(f->fix, UNIFIED) && tu_contains(f->fix, "--take-chpt=True"));
    f = finding(&p, "sst-script-config-missing");
    assert_string_equal(f->path, "ext/sst/sst/restore/arm_restore.py");
    assert_int_equal(f->line, 1);
    assert_true(tu_contains(f->what, "--restore-chpt --is-remote"));
    assert_true(tu_contains(f->fix, "../../" UNIFIED));
    f = finding(&p, "sst-script-checkpoint");
    assert_int_equal(f->line, 3);
    assert_true(tu_contains(f->what, "/nonexistent/gem5wb-test/checkpoint"));
    assert_int_equal(finding(&p, "makefile-arch")->sev, FORK_WARN);
    assert_true(tu_contains(finding(&p, "makefile-arch")->readme, "`ARCH=ARM`"));
    assert_true(tu_contains(finding(&p, "install-md-libgem5")->fix, "build/ARM/libgem5_opt.so"));
    assert_true(tu_contains(finding(&p, "sst-install-arch")->what, "ARCH=ALL"));
    assert_true(tu_contains(finding(&p, "readme-mpi-name")->what, "MPI_ERR_COUNT"));
    assert_int_equal(finding(&p, "readme-kvm-issue")->sev, FORK_INFO);
    assert_int_equal(finding(&p, "readme-build-steps")->line, 3);
    if (have_python()) {
        f = finding(&p, "config-syntax-error");
        assert_int_equal(f->sev, FORK_ERROR);
        assert_string_equal(f->path, NUMA);
        assert_int_equal(f->line, line_of(numa_py(""), "\"/images/arm64-numa.img\""));
        assert_true(tu_contains(f->what, "SyntaxError: invalid syntax"));
        assert_true(tu_contains(f->readme, "checkpoints.md:") && tu_contains(f->readme, NUMA));
        assert_true(tu_contains(f->fix, "line"));
    }
    fork_probe_free(&p);
    tree_free(&t);
}

static void test_tip_choices(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    struct fork_choice ch;
    char err[ERR_LEN];
    tip_tree(&t);
    probe(&t, &p);
    assert_int_equal(fork_choose(&p, FORK_TAKE_GEM5_ONLY, &ch, err), 0);
    assert_string_equal(ch.path, UNIFIED);
    assert_int_equal(ch.dialect, FORK_CFG_UNIFIED);
    assert_int_equal(ch.ckpt_at, FORK_AT_OUTDIR_CHECKPOINT);
    assert_true(tu_contains(ch.usage, "--take-chpt=True --is-composable=False"));
    assert_true(tu_contains(ch.note, "KVM"));
    assert_int_equal(fork_choose(&p, FORK_RESTORE_GEM5, &ch, err), 0);
    assert_true(tu_contains(ch.usage, "--chpt-dir=CKPT"));
    assert_int_equal(fork_choose(&p, FORK_RESTORE_SST_SCRIPT, &ch, err), 0);
    assert_string_equal(ch.path, "ext/sst/sst/arm_composable_memory.py");
    assert_string_equal(ch.config, V2MAIN);
    assert_true(tu_contains(ch.note, "README's script fails"));
    assert_true(tu_contains(ch.note, "ExternalMemory"));
    assert_int_equal(fork_choose(&p, FORK_TAKE_FOR_SST, &ch, err), 0);
    assert_string_equal(ch.path, V2MAIN);
    assert_int_equal(ch.ckpt_at, FORK_AT_CWD_OUTDIR_FILE_INSTANCE);
    assert_true(tu_contains(ch.usage, "--take-ckpt True"));
    fork_probe_free(&p);
    /* without the v2 files the README's flow is all there is, and it cannot work */
    char path[4096];
    snprintf(path, sizeof path, "%s/disaggregated_memory_v2", t.dir);
    assert_int_equal(dir_remove_tree(path, err), 0);
    probe(&t, &p);
    assert_int_equal(fork_choose(&p, FORK_RESTORE_SST_SCRIPT, &ch, err), -1);
    assert_true(tu_contains(err, "casts to ExternalMemory") && tu_contains(err, "af5a333e7f"));
    assert_int_equal(fork_choose(&p, FORK_TAKE_FOR_SST, &ch, err), -1);
    assert_true(tu_contains(err, "init phase 0"));
    fork_probe_free(&p);
    assert_int_equal(fork_find_config(t.dir, FORK_TAKE_GEM5_ONLY, &ch, err), 0);
    assert_string_equal(ch.path, UNIFIED);
    tree_free(&t);
}

/* ---- older commits ---- */

static void test_b03(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    struct fork_choice ch;
    char err[ERR_LEN];
    b03_tree(&t);
    probe(&t, &p);
    const struct fork_config *g = cfg(&p, GEM5_ONLY);
    assert_int_equal(g->dialect, FORK_CFG_GEM5_ONLY_NUMA);
    assert_int_equal(g->ckpt_at, FORK_AT_CWD_FILE);
    assert_int_equal(g->memory, FORK_MEM_NONE);
    assert_int_equal(p.sst.bridge, FORK_BRIDGE_INITDATA_64);
    assert_int_equal(p.sst.piece_bytes, 64);
    assert_string_equal(p.sst.pmem_file, "board.physmem.store0.pmem");
    assert_int_equal(p.sst.pmem_line, line_of(bridge_b03_cc, "std::string physical_memory_file"));
    assert_int_equal(p.sst.responder, FORK_MEM_BRIDGE);
    assert_null(fork_finding_get(&p, "responder-mismatch"));
    assert_null(fork_finding_get(&p, "config-memory-mismatch"));
    assert_null(fork_finding_get(&p, "readme-pmem-edit"));
    assert_null(fork_finding_get(&p, "readme-config-missing"));
    assert_null(fork_finding_get(&p, "sst-script-checkpoint"));   /* test-to-restore0 is there */
    assert_null(fork_finding_get(&p, "sst-install-arch"));
    const struct fork_finding *f = finding(&p, "bridge-pmem-file");
    assert_int_equal(f->line, p.sst.pmem_line);
    f = finding(&p, "readme-option-rejected");
    assert_true(tu_contains(f->what, "`--ckpt-file<path/to/ckpt>`"));
    assert_string_equal(f->fix, "write `--ckpt-file=<path/to/ckpt>`");
    assert_true(tu_contains(f->readme, "checkpoints.md:6:"));
    assert_int_equal(count(&p, "readme-option-rejected"), 1);
    const struct fork_sst_script *s = &p.scripts[0];
    assert_int_equal(s->ckpt_kind, FORK_SST_CKPT_FILE_INSTANCE);
    assert_string_equal(s->ckpt, "test-to-restore");
    assert_true(s->ckpt_present);
    assert_true(tu_contains(s->passed, " --remote-memory-latency "));
    assert_string_equal(s->rejected, "");
    assert_string_equal(s->missing, "");
    if (have_python())
        assert_int_equal(cfg(&p, NUMA)->parse, FORK_PARSE_OK);
    assert_int_equal(fork_choose(&p, FORK_TAKE_GEM5_ONLY, &ch, err), 0);
    assert_string_equal(ch.path, GEM5_ONLY);
    assert_true(tu_contains(ch.usage, "--take-ckpt=True --ckpt-file=CKPT"));
    assert_int_equal(fork_choose(&p, FORK_RESTORE_SST_SCRIPT, &ch, err), 0);
    assert_string_equal(ch.path, SST_CKPT);
    assert_int_equal(fork_choose(&p, FORK_TAKE_FOR_SST, &ch, err), 0);
    assert_string_equal(ch.path, NUMA);
    assert_int_equal(ch.ckpt_at, FORK_AT_CWD_FILE_INSTANCE);
    fork_probe_free(&p);
    tree_free(&t);
}

static void test_af5(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    struct fork_choice ch;
    char err[ERR_LEN];
    af5_tree(&t);
    probe(&t, &p);
    assert_int_equal(p.sst.bridge, FORK_BRIDGE_BACKDOOR);
    assert_int_equal(p.sst.responder, FORK_MEM_BRIDGE);
    assert_null(fork_finding_get(&p, "responder-mismatch"));
    const struct fork_finding *f = finding(&p, "config-memory-mismatch");   /* v2 is ahead */
    assert_int_equal(f->sev, FORK_WARN);
    assert_true(tu_contains(f->what, V2MAIN) && tu_contains(f->fix, "c89e962e2a"));
    assert_int_equal(finding(&p, "readme-pmem-edit")->sev, FORK_WARN);
    assert_null(fork_finding_get(&p, "sst-script-checkpoint"));
    assert_true(p.scripts[0].ckpt_present);
    assert_int_equal(fork_choose(&p, FORK_RESTORE_SST_SCRIPT, &ch, err), 0);
    assert_string_equal(ch.path, SST_CKPT);
    assert_string_equal(ch.config, UNIFIED);
    assert_true(tu_contains(ch.note, "line 3"));
    assert_int_equal(fork_choose(&p, FORK_TAKE_FOR_SST, &ch, err), 0);
    assert_string_equal(ch.path, UNIFIED);
    assert_true(tu_contains(ch.usage, "--is-composable=True --remote-memory-addr-range="));
    fork_probe_free(&p);
    tree_free(&t);
}

/* ---- content decides, not names ---- */

static void test_content_decides(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    struct fork_choice ch;
    char err[ERR_LEN], path[4096];
    b03_tree(&t);
    /* a user turned the gem5-only config into the unified dialect by hand */
    put(t.dir, GEM5_ONLY, unified_py);
    probe(&t, &p);
    assert_int_equal(cfg(&p, GEM5_ONLY)->dialect, FORK_CFG_UNIFIED);
    assert_int_equal(cfg(&p, GEM5_ONLY)->ckpt_at, FORK_AT_OUTDIR_CHECKPOINT);
    fork_probe_free(&p);
    /* the older unified name, with the --is-remote options of 6af90d3412 */
    snprintf(path, sizeof path, "%s/%s", t.dir, GEM5_ONLY);
    unlink(path);
    put(t.dir, CFG "arm-checkpoint-restore-unified-script.py",
        "import argparse\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--chpt-dir', type=str)\nparser.add_argument('--take-chpt')\n"
        "parser.add_argument('--restore-chpt')\nparser.add_argument('--is-remote', required=True)\n"
        "parser.add_argument('--remote-memory-latency', type=int)\n"
        "simulator.save_checkpoint(m5.options.outdir+'/checkpoint')\n");
    probe(&t, &p);
    assert_int_equal(fork_choose(&p, FORK_RESTORE_GEM5, &ch, err), 0);
    assert_string_equal(ch.path, CFG "arm-checkpoint-restore-unified-script.py");
    assert_true(tu_contains(ch.usage, "--restore-chpt=True --is-remote=False"));
    fork_probe_free(&p);
    /* the only gem5-only config is broken: the error names it and its line */
    put(t.dir, CFG "arm-checkpoint-restore-unified-script.py", "def broken(:\n    pass\n");
    probe(&t, &p);
    if (have_python()) {
        assert_int_equal(fork_choose(&p, FORK_TAKE_GEM5_ONLY, &ch, err), -1);
        assert_true(tu_contains(err, "arm-checkpoint-restore-unified-script.py does not parse "
                                     "(line 1"));
    }
    fork_probe_free(&p);
    tree_free(&t);
}

static void test_no_python(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    struct fork_opts o = { .python = "/nonexistent/gem5wb-python3" };
    struct fork_choice ch;
    char err[ERR_LEN];
    tip_tree(&t);
    assert_int_equal(fork_probe_run_with(t.dir, &o, &p, err), 0);
    assert_false(p.python);
    for (size_t i = 0; i < p.nconfigs; i++)
        assert_int_equal(p.configs[i].parse, FORK_PARSE_UNKNOWN);
    const struct fork_finding *f = finding(&p, "parse-unchecked");
    assert_true(tu_contains(f->what, "/nonexistent/gem5wb-python3"));
    assert_null(fork_finding_get(&p, "config-syntax-error"));
    /* unknown is not broken */
    assert_int_equal(fork_choose(&p, FORK_TAKE_GEM5_ONLY, &ch, err), 0);
    fork_probe_free(&p);
    tree_free(&t);
}

static void test_not_a_fork(void **state)
{
    (void)state;
    struct fork_probe p;
    char err[ERR_LEN], path[600];
    char *d = tu_tmpdir();
    assert_int_equal(fork_probe_run(d, &p, err), -1);
    assert_true(tu_contains(err, d) && tu_contains(err, "does not look like darchr's gem5 fork"));
    fork_probe_free(&p);
    snprintf(path, sizeof path, "%s/no such 'gem5'", d);
    assert_int_equal(fork_probe_run(path, &p, err), -1);
    assert_true(tu_contains(err, path));
    fork_probe_free(&p);
    tu_rmtree(d);
}

/* ---- checkpoint paths (workflow doc §4) ---- */

static void test_ckpt_path(void **state)
{
    (void)state;
    char buf[4096], err[ERR_LEN];
    assert_int_equal(fork_ckpt_path(FORK_AT_OUTDIR_CHECKPOINT, "/w d", "out", NULL, 0, buf,
                                    sizeof buf, err), 0);
    assert_string_equal(buf, "/w d/out/checkpoint");
    assert_int_equal(fork_ckpt_path(FORK_AT_OUTDIR_CHECKPOINT, "/w", "/abs/o", NULL, 0, buf,
                                    sizeof buf, err), 0);
    assert_string_equal(buf, "/abs/o/checkpoint");
    assert_int_equal(fork_ckpt_path(FORK_AT_OUTDIR_CHECKPOINT, "/w", NULL, NULL, 0, buf,
                                    sizeof buf, err), 0);
    assert_string_equal(buf, "/w/m5out/checkpoint");
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_FILE, "/w", "out", "cpt", 3, buf, sizeof buf,
                                    err), 0);
    assert_string_equal(buf, "/w/cpt");
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_FILE_INSTANCE, "/w", "out", "cpt", 0, buf,
                                    sizeof buf, err), 0);
    assert_string_equal(buf, "/w/cpt0");
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_FILE_INSTANCE, "/w", "out", "/x/cpt", 1, buf,
                                    sizeof buf, err), 0);
    assert_string_equal(buf, "/x/cpt1");
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_FILE_INSTANCE, "/w", "out", "", 0, buf,
                                    sizeof buf, err), -1);
    assert_true(tu_contains(err, "--ckpt-file"));
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_OUTDIR_FILE_INSTANCE, "/w", "runs/a", "cpt", 2,
                                    buf, sizeof buf, err), 0);
    assert_string_equal(buf, "/w/runs/a/cpt2");
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_OUTDIR_FILE_INSTANCE, "/w", "/abs/out", "cpt", 0,
                                    buf, sizeof buf, err), -1);
    assert_true(tu_contains(err, "absolute --outdir (/abs/out)"));
    assert_int_equal(fork_ckpt_path(FORK_AT_UNKNOWN, "/w", "o", "c", 0, buf, sizeof buf, err), -1);
    assert_int_equal(fork_ckpt_path(FORK_AT_CWD_FILE, "/w", "o", "c", 0, buf, 4, err), -1);
    assert_int_equal(fork_dialect_ckpt_at(FORK_CFG_NUMA), FORK_AT_CWD_FILE_INSTANCE);
    assert_int_equal(fork_dialect_ckpt_at(FORK_CFG_V2_MAIN), FORK_AT_CWD_OUTDIR_FILE_INSTANCE);
}

/* ---- git: HEAD, branch, local edits ---- */

static void commit_all(const char *dir)
{
    git_repository *repo;
    git_repository_init_options io;
    assert_int_equal(git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION), 0);
    io.initial_head = "kg/dm-sst-checkpoints-ver2";
    io.flags = GIT_REPOSITORY_INIT_MKPATH;
    assert_int_equal(git_repository_init_ext(&repo, dir, &io), 0);
    git_index *index;
    git_oid tree_id, commit_id;
    git_tree *tree;
    git_signature *sig;
    assert_int_equal(git_repository_index(&index, repo), 0);
    assert_int_equal(git_index_add_all(index, NULL, 0, NULL, NULL), 0);
    assert_int_equal(git_index_write(index), 0);
    assert_int_equal(git_index_write_tree(&tree_id, index), 0);
    assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
    assert_int_equal(git_signature_now(&sig, "t", "t@example.org"), 0);
    assert_int_equal(git_commit_create_v(&commit_id, repo, "HEAD", sig, sig, NULL, "fork", tree, 0),
                     0);
    git_signature_free(sig);
    git_tree_free(tree);
    git_index_free(index);
    git_repository_free(repo);
}

static void test_git(void **state)
{
    (void)state;
    struct tree t;
    struct fork_probe p;
    git_libgit2_init();
    tip_tree(&t);
    commit_all(t.dir);
    probe(&t, &p);
    assert_true(p.is_git);
    assert_int_equal(strlen(p.commit), 40);
    assert_string_equal(p.branch, "kg/dm-sst-checkpoints-ver2");
    assert_string_equal(p.base, "");            /* none of darchr's commits is in this repo */
    assert_false(p.dirty);
    assert_null(fork_finding_get(&p, "local-edits"));
    char commit[41];
    memcpy(commit, p.commit, sizeof commit);
    fork_probe_free(&p);
    /* a local fix of the missing comma: the probe follows the file, not the commit */
    put(t.dir, NUMA, numa_py(","));
    probe(&t, &p);
    assert_string_equal(p.commit, commit);
    assert_true(p.dirty);
    assert_true(tu_contains(p.edited, NUMA));
    assert_true(tu_contains(finding(&p, "local-edits")->what, NUMA));
    if (have_python()) {
        assert_int_equal(cfg(&p, NUMA)->parse, FORK_PARSE_OK);
        assert_null(fork_finding_get(&p, "config-syntax-error"));
    }
    fork_probe_free(&p);
    tree_free(&t);
    git_libgit2_shutdown();
}

/* ---- the scanners ---- */

static void test_scanners(void **state)
{
    (void)state;
    char py[] = "x = \"# not a comment\"  # a comment\ny = '''doc\n# in doc\n'''\nz = 1\n";
    fork_strip_py(py);
    assert_true(tu_contains(py, "\"# not a comment\""));
    assert_false(tu_contains(py, "a comment\n"));
    assert_false(tu_contains(py, "in doc"));
    assert_int_equal(fork_line_at(py, strstr(py, "z = 1")), 5);
    char c[] = "a /* x\ny */ b // c \"q\"\nd = \"//keep\";\n";
    fork_strip_c(c);
    assert_int_equal(fork_line_at(c, strstr(c, "d =")), 3);
    assert_true(tu_contains(c, "\"//keep\""));
    assert_false(tu_contains(c, "\"q\""));
    assert_non_null(fork_loose("dynamic_cast <\n gem5 :: X*>", "dynamic_cast<gem5::X*>", NULL));
    assert_null(fork_word("MyExternalMemory()", "ExternalMemory"));
    const char *opts = " --take-ckpt --take-chpt --ckpt-file --instance ";
    assert_true(fork_opt_accepts(opts, "--instance=3"));
    assert_true(fork_opt_accepts(opts, "--inst"));              /* argparse abbreviation */
    assert_false(fork_opt_accepts(opts, "--take"));             /* ambiguous */
    assert_false(fork_opt_accepts(opts, "--ckpt-file<path>"));
    assert_false(fork_opt_accepts(opts, "--restore-chpt=True"));
    char v[64];
    assert_int_equal(fork_py_assign("a = 1\n  chpt_dir = \"/x y\"  # c\n", "chpt_dir", v,
                                    sizeof v), 2);
    assert_string_equal(v, "/x y");
    assert_int_equal(fork_py_assign("chpt_dir == \"no\"\n", "chpt_dir", v, sizeof v), 0);
    char out[128];
    fork_rel_join("ext/sst", "../../disaggregated_memory/x.py", out, sizeof out);
    assert_string_equal(out, "disaggregated_memory/x.py");
    fork_rel_join("ext/sst", "../../../outside.py", out, sizeof out);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tip_configs),
        cmocka_unit_test(test_tip_sst),
        cmocka_unit_test(test_tip_findings),
        cmocka_unit_test(test_tip_choices),
        cmocka_unit_test(test_b03),
        cmocka_unit_test(test_af5),
        cmocka_unit_test(test_content_decides),
        cmocka_unit_test(test_no_python),
        cmocka_unit_test(test_not_a_fork),
        cmocka_unit_test(test_ckpt_path),
        cmocka_unit_test(test_git),
        cmocka_unit_test(test_scanners),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
