/* The command table: what `gem5wb --help`, each command's --help, the man page and
 * the workbench's home screen list. One row per command. */
#include "cli/commands.h"
#include "cli/cmds.h"

#define COMMON_OPTS "  --json          print the result as JSON\n  --help          this text\n"
#define STORE_OPT   "  --store N       ADDR is an offset in store N (the N of storeN)\n"
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
    {"cpt replace-store", "DIR N FROM_DIR[:M] [--set-size] [--json]",
     "Replace store N of DIR with a copy of store M (default N) of FROM_DIR. The source's "
     "decoded size must equal store N's range_size unless --set-size, which sets range_size "
     "too. The store file and m5.cpt change in one commit: a crash leaves the old checkpoint "
     "or the new one; the originals are kept as <name>.gem5wb-backup.",
     "  --set-size      set range_size to the source's size (gem5 then needs a config\n"
     "                  whose memory has that size)\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb cpt replace-store m5out/checkpoint 0 other-run/checkpoint:8", cmd_cpt_replace_store},
    {"cpt resize-store", "DIR N SIZE [--force] [--json]",
     "Resize store N to SIZE bytes (a multiple of 8): zeros are added, or the tail is dropped. "
     "Dropping non-zero bytes needs --force. The store and its range_size change in one "
     "commit; the originals are kept as <name>.gem5wb-backup.",
     "  --force         drop non-zero bytes when shrinking\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb cpt resize-store m5out/checkpoint 0 4GiB", cmd_cpt_resize_store},
    {"cpt drop-backup", "DIR [--json]",
     "Remove every *.gem5wb-backup file that edits left in DIR (the originals of m5.cpt and "
     "of the stores) and report the space freed.",
     COMMON_OPTS, "gem5wb cpt drop-backup m5out/checkpoint", cmd_cpt_drop_backup},
    {"clone", "[URL] [--branch B] [DIR] [--clean] [--json]",
     "Clone a repository at a branch with libgit2 (default: darchr's gem5 fork, "
     "https://github.com/darchr/gem5.git, at kg/dm-sst-checkpoints-ver2, into ./gem5), or, "
     "when DIR is already a clone of it, fetch the branch and switch to it. Prints the commit "
     "checked out; --json prints progress as JSON lines, then the result. Ctrl-C stops the "
     "clone and keeps what it fetched: the same command resumes it, --clean removes it.",
     "  --branch B      the branch to check out\n"
     "  --clean         remove DIR, an unfinished clone gem5wb left (nothing else is removed)\n"
     COMMON_OPTS,
     "gem5wb clone https://github.com/darchr/gem5.git --branch kg/dm-sst-checkpoints-ver2 gem5",
     cmd_clone},
    {"exec", "--parser NAME [--total N] [--log FILE] [--workspace DIR] [--no-remember] [--json] "
     "-- PROGRAM [ARGS...]",
     "Run PROGRAM (no shell) in its own process group and follow its output with a tool's "
     "parser (scons, make, packer, gem5, sst, git): warnings and errors picked out, a status "
     "line with percent, ETA, phase and current item on a terminal, JSON lines with --json. "
     "For scons and make, the number of items (targets, compiles) a successful run printed "
     "is remembered per working folder and build (options such as -j and -n left out) and is "
     "the next run's total; a dry run (scons -n) gives an estimate, shown as [ 42%~]. "
     "--total gives the count itself (scons targets, gem5 ticks). Ctrl-C stops the program "
     "and everything it started. Exits with the program's status.",
     "  --parser NAME   scons, make, packer, gem5, sst or git\n"
     "  --total N       items (targets, ticks) of a whole run, for a percentage\n"
     "  --log FILE      keep every byte of the output in FILE\n"
     "  --workspace DIR remember totals in DIR/.gem5wb/totals.json (default $GEM5WB_WORKSPACE,\n"
     "                  else ~/.local/state/gem5wb/totals.json)\n"
     "  --no-remember   neither read nor record a total\n" COMMON_OPTS,
     "gem5wb exec --parser scons -- scons build/ARM/gem5.opt -j2", cmd_exec},
    {"parse", "--parser NAME [--total N] LOGFILE [--json]",
     "Replay a saved log through a tool's parser: the same events and summary exec shows.",
     "  --parser NAME   scons, make, packer, gem5, sst or git\n"
     "  --total N       items of a whole run, for a percentage\n" COMMON_OPTS,
     "gem5wb parse --parser gem5 m5out/run.log", cmd_parse},
    {"mem read", "DIR ADDR LEN [--store N] [--raw] [--json]",
     "Show LEN bytes of memory at physical address ADDR as a hex and ASCII dump, 16 bytes a "
     "line with the address at the left. With --store N, ADDR is an offset in store N.",
     STORE_OPT "  --raw           write the bytes themselves to stdout\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb mem read m5out/checkpoint 0x80000000 256", cmd_mem_read},
    {"mem find", "DIR PATTERN [--string|--hex] [--all] [--max N] [--from ADDR] [--store N] [--json]",
     "Find bytes in memory: the first occurrence at or after --from (default the lowest "
     "address), or every one with --all. Prints each hit's physical address, store and "
     "offset. Exit 1 when there is none.",
     "  --string        PATTERN is text (default)\n"
     "  --hex           PATTERN is hex bytes (\"de ad be ef\" or deadbeef)\n"
     "  --all           list every hit (at most --max)\n"
     "  --max N         stop after N hits (default 1000)\n"
     "  --from ADDR     start at this address (an offset with --store)\n"
     "  --store N       search only store N\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb mem find m5out/checkpoint 'Linux version' --all", cmd_mem_find},
    {"mem write", "DIR ADDR (--hex BYTES | --string TEXT | --file F) [--store N] [--json]",
     "Write bytes into memory at ADDR and commit the store: chunked gzip members that gem5 "
     "reads as before, written atomically, the original kept as <store>.gem5wb-backup. "
     "Prints the bytes that changed and the commit (chunks encoded, copied, zero; bytes "
     "written; time).",
     "  --hex BYTES     the bytes in hex (\"de ad be ef\" or deadbeef)\n"
     "  --string TEXT   the bytes of TEXT (no terminating NUL)\n"
     "  --file F        the bytes of file F\n" STORE_OPT CONFIG_OPT COMMON_OPTS,
     "gem5wb mem write m5out/checkpoint 0x80001000 --string 'hello'", cmd_mem_write},
    {"mem map", "DIR [--store N] [--max N] [--json]",
     "Show each store's page map: size, non-zero pages and bytes, zero ranges, and the runs "
     "of non-zero pages with their physical addresses. For the remote memory, what the darchr "
     "SST bridge would load of it in SST's init phases, for each bridge version: bytes, "
     "writes, phases, the largest phase (over 2^31-1 bytes MPI fails with MPI_ERR_COUNT), "
     "the dropped tail.",
     "  --store N       only store N\n"
     "  --max N         list at most N runs per store (default 32)\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb mem map m5out/checkpoint --store 0", cmd_mem_map},
    {"mem diff", "DIR1 DIR2 [--store N] [--max N] [--json]",
     "Compare the memory of two checkpoints store by store (paired by section number): "
     "byte-identical store files are reported without decoding; otherwise the ranges that "
     "differ, with physical addresses and byte counts, and totals. Exit 0 either way; "
     "--json says \"equal\".",
     "  --store N       only store N\n"
     "  --max N         list at most N ranges per store (default 100)\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb mem diff run1/checkpoint run2/checkpoint", cmd_mem_diff},
    {"mem export", "DIR ADDR LEN FILE [--store N] [--json]",
     "Write LEN bytes of memory at ADDR to FILE (raw bytes, replaced atomically).",
     STORE_OPT CONFIG_OPT COMMON_OPTS,
     "gem5wb mem export m5out/checkpoint 0x80000000 64MiB /tmp/low.bin", cmd_mem_export},
    {"mem import", "DIR ADDR FILE [--store N] [--json]",
     "Write the bytes of FILE into memory at ADDR and commit the store, as mem write does.",
     STORE_OPT CONFIG_OPT COMMON_OPTS,
     "gem5wb mem import m5out/checkpoint 0x80000000 /tmp/low.bin", cmd_mem_import},
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
