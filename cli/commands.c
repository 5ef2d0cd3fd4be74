/* The command table: what `gem5wb --help`, each command's --help, the man page and
 * the workbench's home screen list. One row per command. */
#include "cli/commands.h"
#include "cli/cmds.h"
#include "cli/wscli.h"

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
    {"cpt export-store", "DIR N FILE [--force] [--json]",
     "Write store N's decoded bytes to FILE as a raw memory image (zero pages left as holes), "
     "through a temp file renamed into place. An existing FILE is refused unless --force, "
     "which keeps the original as FILE.gem5wb-backup.",
     "  --force         replace FILE if it exists\n" COMMON_OPTS,
     "gem5wb cpt export-store m5out/checkpoint 8 /tmp/store8.raw", cmd_cpt_export_store},
    {"cpt import-store", "DIR N FILE [--set-size] [--json]",
     "Make the raw memory image FILE store N, compressed as gzip members gem5 reads. FILE's "
     "size must equal store N's range_size unless --set-size, which sets range_size too. The "
     "store file and m5.cpt change in one commit; the originals are kept as "
     "<name>.gem5wb-backup.",
     "  --set-size      set range_size to FILE's size (gem5 then needs a config whose\n"
     "                  memory has that size)\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb cpt import-store m5out/checkpoint 8 /tmp/store8.raw", cmd_cpt_import_store},
    {"cpt drop-backup", "DIR [--json]",
     "Remove every *.gem5wb-backup file that edits left in DIR (the originals of m5.cpt and "
     "of the stores) and report the space freed.",
     COMMON_OPTS, "gem5wb cpt drop-backup m5out/checkpoint", cmd_cpt_drop_backup},
    {"doctor", "[DIR] [--json] | --step STEP [DIR] [--json] | --file FILE [--json]",
     "Check whether this machine can run the workflow: the tools it runs and their versions "
     "(scons, g++, python3-config, m4, protoc, packer, QEMU, the arm64 cross compiler, OpenMPI, "
     "autotools, SST in the workspace's sst/ or on PATH), /dev/kvm and its permissions, the "
     "host's architecture (gem5's ARM KVM CPU exists only on aarch64 hosts), "
     "perf_event_paranoid, free disk space where DIR is (default: the workspace here, else the "
     "current folder), memory and CPUs. Each problem comes with its fix (the apt-get line, the "
     "group to join, the sysctl). Exit 1 when something the workflow needs is missing. "
     "--step STEP checks before a step runs what predicts a known issue (restore-sst: the "
     "checkpoint, its store sizes against the SST script, the store the bridge reads, the "
     "init-data volume against MPI's 2^31-1 with several ranks, the CPU type, KVM state, "
     "libgem5, SST and MPI; take and restore: the config's hard-coded paths, whether it "
     "parses, where the checkpoint goes; builds: their tools; disk-image: KVM). --file FILE "
     "checks an m5.cpt or checkpoint folder (CRLF, leading-zero integers, store sizes, KVM "
     "CPUs), an SST restore script (against the checkpoint it names) or a gem5 config. Each "
     "finding names its knowledge-base entry (see: gem5wb kb show ID) and, when gem5wb can "
     "apply the fix, the command (gem5wb fix ID). Exit 1 when a finding fails.",
     "  --step STEP     pre-flight checks of a workflow step in the workspace (DIR, or\n"
     "                  --workspace DIR, or the one here)\n"
     "  --file FILE     pre-flight checks of an m5.cpt, checkpoint folder, SST script or\n"
     "                  gem5 config\n" WSCLI_HELP COMMON_OPTS,
     "gem5wb doctor --step restore-sst", cmd_doctor},
    {"init", "[DIR] [--json]",
     "Make a workspace in DIR (default: here), laid out as the hack-back README lays it out "
     "(gem5/, disk-image/shared/, disk-image/hack-back/) plus sst/ (SST's install prefix), "
     "src/, runs/, checkpoints/ and .gem5wb/state.json (settings, step states, run history, "
     "checkpoint lineage). An existing workspace is left as it is.",
     COMMON_OPTS, "gem5wb init ~/dm-work", cmd_init},
    {"steps", "[STEP] [--workspace DIR] [--json]",
     "List the workflow's steps with their status (new, ok, failed, cancelled, stale: its "
     "inputs changed since it ran, missing: an artifact is gone), or show one step: its "
     "parameters with their values and where they come from, and the exact commands it runs.",
     WSCLI_HELP COMMON_OPTS, "gem5wb steps take-checkpoint", cmd_steps},
    {"set", "STEP.PARAM [VALUE] [--workspace DIR] [--json]",
     "Set a step's parameter in the workspace (checked against its type), or with no VALUE "
     "return it to its default.",
     WSCLI_HELP COMMON_OPTS, "gem5wb set build-sst-core.source ~/sstcore-13.0.0.tar.gz", cmd_set},
    {"run", "STEP [--set PARAM=VALUE]... [--dry-run] [--restart] [--verbose] [--no-preflight] "
     "[--workspace DIR] [--json]",
     "Run a workflow step: its commands in order, each logged in .gem5wb/logs and recorded "
     "in the history, with progress, ETA, warnings and errors (JSON lines with --json). A step "
     "that failed part-way resumes at the command that failed when run again with the same "
     "inputs. --dry-run prints the exact commands, folders and environment instead. Ctrl-C "
     "stops it and everything it started. First the step's pre-flight checks print what "
     "predicts a known issue (gem5wb doctor --step; --no-preflight skips them).",
     "  --set P=V       a parameter for this run only (see `gem5wb steps STEP`)\n"
     "  --dry-run       show the commands, run nothing\n"
     "  --restart       run every command again, even those that finished last time\n"
     "  --verbose       print every line of output too\n"
     "  --no-preflight  do not run the step's pre-flight checks first\n" WSCLI_HELP COMMON_OPTS,
     "gem5wb run build-gem5 --set jobs=8", cmd_run},
    {"status", "[--workspace DIR] [--json]",
     "The workspace at a glance: the fork's commit, each step's status and why, and each "
     "checkpoint with what made it (step, run, commit, config, board) and where it was "
     "restored.", WSCLI_HELP COMMON_OPTS, "gem5wb status", cmd_status},
    {"log", "STEP | --run N [--follow] [--workspace DIR]",
     "Print the full output of a step's latest run (or run N); --follow keeps printing until "
     "that run ends.",
     "  --run N         that run (see `gem5wb history`)\n"
     "  --follow        print new output until the run ends\n" WSCLI_HELP
     "  --help          this text\n", "gem5wb log build-gem5 --follow", cmd_log},
    {"history", "[--step STEP] [--workspace DIR] [--json]",
     "Every run in the workspace: when, which step, how it ended (exit status or signal), how "
     "long, the exact command, its folder and its log.",
     "  --step STEP     only that step's runs\n" WSCLI_HELP COMMON_OPTS, "gem5wb history --step build-gem5",
     cmd_history},
    {"disk-image", "write|validate [WS] [--arch x86|arm64] [--set KEY=VALUE]... [--force] [--json]",
     "write: make the hack-back disk-image folder of workspace WS (default: the workspace "
     "here) for an x86 guest (Ubuntu 18.04.2, as gem5-resources' hack-back) or an arm64 one "
     "(Ubuntu 22.04 for the darchr ARM configs: qemu-system-aarch64, UEFI firmware, m5 called "
     "with --addr=0x10010000): the packer template hack-back/hack-back.json, the boot script "
     "hack-back/gem5-init.sh (checkpoint once after boot, then run the script gem5 hands over "
     "through m5 readfile), hack-back/post-installation.sh (installs m5 and the boot script) "
     "and the installer's answers in shared/. Files you edited are kept unless --force, which "
     "keeps your version as a .gem5wb-backup. Prints what it wrote, the image's path and the "
     "exact packer commands; without KVM for the guest it warns that the build runs emulated "
     "and scales the time-outs x10. validate: run packer validate on the folder; packer's "
     "message is shown when it fails.",
     "  --arch A        x86 (default) or arm64\n"
     "  --set KEY=VALUE a parameter (repeatable): iso_url, iso_checksum (md5:HEX, sha256:HEX),\n"
     "                  disk_size, memory, cpus, ssh_user, ssh_password, hostname, image_name,\n"
     "                  output_dir, m5_path, m5_args, efi_firmware, qemu_binary, cpu,\n"
     "                  accelerator (auto|kvm|tcg), boot_wait, ssh_timeout, console, packages\n"
     "  --force         replace files you edited (your version is kept as a backup)\n"
     "  --timeout S     validate: stop packer after S seconds (default 120)\n"
     WSCLI_HELP COMMON_OPTS,
     "gem5wb disk-image write ~/dm-work --arch arm64 --set cpus=8", cmd_disk_image},
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
    {"fork", "[GEM5_DIR] [--python PROG] [--json]",
     "What the checked-out fork needs, and where its README is wrong. Reads the gem5 tree as it "
     "is on disk (default ./gem5, else the current folder), local edits included: the commit, "
     "each take/restore config with its option dialect and whether it parses as Python, where "
     "it writes its checkpoint and which memory object its SST board builds; the SST bridge "
     "version and what the responder expects; the SST scripts; the config each workflow step "
     "uses at this commit and how to call it; then errors, warnings and notes, each with what "
     "checkpoints.md or INSTALL.md says and the fix. Exit 0 once the tree was read.",
     "  --python PROG   the Python that checks the configs parse (default python3)\n"
     COMMON_OPTS,
     "gem5wb fork ~/dm-work/gem5", cmd_fork},
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
    {"inspect", "DIR [--theme NAME] [--ascii]",
     "Open the workbench on a checkpoint: tick, ISA, CPUs and stores at the top; m5.cpt's "
     "sections at the left with the keys of the selected one; each store with its memory, "
     "address range, size and file, the remote memory marked. Tab switches panes, q closes.",
     "  --theme NAME    default, dark, light, high-contrast or monochrome\n"
     "  --ascii         ASCII line drawing\n  --help          this text\n",
     "gem5wb inspect m5out/checkpoint", cmd_inspect},
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
    {"patch-sst", "SCRIPT CKPT [--apply [--expect FP]] [--nodes N] [--cpu-type T] [--json] | "
     "--generate FILE CKPT [--apply]",
     "Point the fork's SST restore script (ext/sst/sst/checkpoints/arm_checkpoints.py, or its "
     "older layout running arm-numa-checkpoints.py) at checkpoint CKPT: chpt_dir (or "
     "--ckpt-file), the remote memory's --remote-memory-addr-range, an sst_memory_size that "
     "reaches its end, the bridge's gem5 object, and the options you give. Only those values "
     "change; every other byte stays. Shows the diff, the warnings (gem5-only checkpoint, a "
     "remote memory the SST bridge would cut, a path SST cannot pass) and the file's "
     "fingerprint with the command that applies exactly that; --apply writes it atomically, "
     "keeping the original as SCRIPT.gem5wb-backup, and refuses when the file changed since "
     "the preview. --generate FILE writes a fresh restore script from the checkpoint instead.",
     "  --apply         write the change (default: only show it)\n"
     "  --expect FP     apply only if the file still has the fingerprint the preview showed\n"
     "  --generate FILE a fresh restore script into FILE (give only CKPT)\n"
     "  --nodes N       system_nodes\n"
     "  --cpu-type T    cpu_type: atomic, timing, o3 or kvm\n"
     "  --clock F       cpu_clock_rate, e.g. 3GHz\n"
     "  --latency N     --remote-memory-latency, in gem5 cycles (750 at 3GHz is 250 ns)\n"
     "  --run-script P  gem5_run_script (relative to ext/sst)\n" CONFIG_OPT COMMON_OPTS,
     "gem5wb patch-sst gem5/ext/sst/sst/checkpoints/arm_checkpoints.py m5out/checkpoint",
     cmd_patch_sst},
    {"fix", "ID [--file FILE] [--checkpoint DIR] [--from DIR] [--workspace DIR] [--dry-run] "
     "[--yes] [--json]",
     "Apply the fix of knowledge-base entry ID. First the plan: the diff of the file it edits "
     "(an SST script, a config, m5.cpt) or what it changes (a step parameter, a checkpoint's "
     "remote store). --dry-run stops there. Otherwise it asks \"apply? [y/N]\" on a terminal "
     "(--yes applies without asking; without a terminal --yes is needed), writes atomically, "
     "refuses a file changed since the plan, and says what it wrote and where the original "
     "is kept (<name>.gem5wb-backup). The fixes: set-param (a step parameter of the workspace, "
     "old -> new), replace-remote-store (a KVM checkpoint's remote store replaced by the "
     "same-sized one of an ATOMIC checkpoint given as --from), patch-sst-script (the fork's SST "
     "restore script pointed at the checkpoint), fork-syntax-patch (the missing comma of the "
     "config that does not parse at the fork's tip), m5cpt-line-ends (CRLF to LF) and "
     "m5cpt-octal (integers with leading zeros, which gem5 reads as octal). An entry without "
     "a fix gem5wb applies prints its steps and exits 1.",
     "  --file FILE     the file to fix (an SST script, a config, m5.cpt or its folder)\n"
     "  --checkpoint DIR\n"
     "                  the checkpoint it concerns (default: the workspace's restore-sst\n"
     "                  checkpoint, else its newest one taken on the SST board)\n"
     "  --from DIR      replace-remote-store: the ATOMIC-mode checkpoint of the same setup\n"
     "  --dry-run       show the plan, change nothing\n"
     "  --yes           apply without asking\n" WSCLI_HELP COMMON_OPTS,
     "gem5wb fix m5cpt-crlf --checkpoint m5out/checkpoint --dry-run", cmd_fix},
    {"diagnose", "LOGFILE [--tool T] [--json]",
     "Find the known issues in a saved log (any size; ANSI colours and \\r line ends are "
     "ignored): for each, the lines that show it with their numbers, why it happens, the fix in "
     "steps and the `gem5wb fix` that applies it when gem5wb can. The patterns of the tool "
     "that wrote the log apply: the one --tool names, else the one the log's own marks show "
     "(SST's core messages, gem5's banner, scons, configure, make, packer, git), else all. Exit 0 when something matched, 1 when nothing did or the log cannot "
     "be read (the message says which).",
     "  --tool T        the tool that wrote the log: gem5, sst, scons, make, configure,\n"
     "                  packer, git, guest or gem5wb (default: guessed from the log)\n"
     COMMON_OPTS, "gem5wb diagnose ~/dm-work/.gem5wb/logs/restore-sst-3.log --tool sst",
     cmd_diagnose},
    {"kb list", "[--tool T] [--step S] [--search WORDS] [--json]",
     "List the knowledge base of known issues (docs/kb.json, built in; $GEM5WB_KB names "
     "another file): id, kind (fail, warn, info), the tools whose output shows it and its "
     "title. The filters combine: --search keeps entries whose id, title, explanation, fix, "
     "tools or steps hold every word, ignoring case.",
     "  --tool T        only entries shown by tool T's output\n"
     "  --step S        only entries about workflow step S\n"
     "  --search WORDS  only entries with a word starting with each of WORDS\n" COMMON_OPTS,
     "gem5wb kb list --step restore-sst --search mpi", cmd_kb_list},
    {"kb show", "ID [--json]",
     "Show one knowledge-base entry in full: the fork commits it applies to, tools and steps, "
     "the output that reveals it, why it happens, the fix in steps, the `gem5wb fix` that "
     "applies it, the pre-flight check that predicts it, and the captured output that shows "
     "it. Exit 1 when there is no such entry.",
     COMMON_OPTS, "gem5wb kb show sst-mpi-err-count", cmd_kb_show},
    {"kb markdown", "[--json]",
     "Print docs/troubleshooting.md from the knowledge base: an index, then one section per "
     "entry (commits, tools and steps, what you see, why, the fix, the command that applies "
     "it, the pre-flight check that predicts it). `make kb-docs` writes the file.",
     COMMON_OPTS, "gem5wb kb markdown > docs/troubleshooting.md", cmd_kb_markdown},
};

const size_t cli_command_count = sizeof cli_commands / sizeof cli_commands[0];
