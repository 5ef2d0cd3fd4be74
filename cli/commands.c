/* The command table: what `gem5wb --help`, each command's --help, the man page and
 * the workbench's home screen list. One row per command. */
#include "cli/commands.h"
#include "cli/cmds.h"

#define COMMON_OPTS "  --json          print the result as JSON\n  --help          this text\n"
#define CONFIG_OPT  "  --config FILE   the run's config.json or config.ini (default: the one beside\n" \
                    "                  the checkpoint or in its parent, as gem5 writes m5out/)\n"

const struct cli_command cli_commands[] = {
    {"cpt info", "DIR [--config FILE] [--json]",
     "Summarise a checkpoint: tick, version tags, ISA, CPUs (type, PC), and each store's file, "
     "size, address range, memory and compressed size; says which store is the remote memory.",
     CONFIG_OPT COMMON_OPTS, "gem5wb cpt info m5out/checkpoint", cmd_cpt_info},
    {"cpt verify", "DIR [--config FILE] [--json]",
     "Check a checkpoint before restoring it: every store file present, gzip intact, decoded "
     "size equal to range_size, sizes consistent with the config. Exit 1 lists the problems.",
     CONFIG_OPT COMMON_OPTS, "gem5wb cpt verify m5out/checkpoint", cmd_cpt_verify},
    {"cpt sections", "DIR [--json]",
     "List the sections of DIR/m5.cpt with their line numbers and key counts.",
     COMMON_OPTS, "gem5wb cpt sections m5out/checkpoint", cmd_cpt_sections},
    {"cpt get", "DIR SECTION KEY [--json]",
     "Print one value of m5.cpt (the last occurrence wins, as in gem5).",
     COMMON_OPTS, "gem5wb cpt get m5out/checkpoint root.globals curTick", cmd_cpt_get},
    {"cpt set", "DIR SECTION KEY VALUE [--json]",
     "Set (or add) a key in m5.cpt: only that line changes; the file is replaced atomically "
     "and the original is kept as m5.cpt.gem5wb-backup.",
     "  --              ends the options, for a VALUE that starts with '-'\n" COMMON_OPTS,
     "gem5wb cpt set m5out/checkpoint board.physmem.store0 range_size 2147483648", cmd_cpt_set},
    {"cpt addr", "DIR ADDRESS|storeN+OFFSET [--config FILE] [--json]",
     "Translate a physical address to the store and offset holding it (and the channel of an "
     "interleaved memory), or storeN+OFFSET back to a physical address.",
     CONFIG_OPT COMMON_OPTS, "gem5wb cpt addr m5out/checkpoint 0x100001000", cmd_cpt_addr},
    {"cpt sample", "OUTDIR [--isa arm|x86] [--local SIZE] [--remote SIZE] [--board sst|gem5|sst-v2|classic] [--json]",
     "Write a small but faithful run folder (config.json, config.ini, and OUTDIR/checkpoint "
     "with m5.cpt and gzip stores holding some data) laid out as the darchr configs lay it out.",
     "  --isa arm|x86       ISA of the CPUs (default arm)\n"
     "  --local SIZE        local DRAM, 2 channels (default 2GiB)\n"
     "  --remote SIZE       remote memory (default 2GiB), at 4 GiB\n"
     "  --remote-start ADDR where the remote memory starts\n"
     "  --board B           sst: ArmSstDMBoard, remote = store0 (default); gem5: ArmGem5DMBoard;\n"
     "                      sst-v2: the tip's ExternalMemory; classic: system.* names\n"
     "  --cpus N            number of cores (default 4)\n"
     "  --cpu atomic|timing|kvm  CPU model (default atomic)\n"
     "  --exact             compress stores in one zlib pass, byte for byte as gem5 (slow)\n"
     COMMON_OPTS,
     "gem5wb cpt sample /tmp/dm-sample --local 2GiB --remote 2GiB", cmd_cpt_sample},
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
