# Stand-in for the fork's unified take/restore script, for gem5wb's tests: the same options
# and the same hard-coded guest paths; run by the fake gem5, parsed by gem5wb's checks.
import argparse
import os
import sys

sys.path.append(
    os.path.abspath(os.path.join(os.path.dirname(__file__), os.path.pardir))
)

from memories.external_remote_memory import ExternalRemoteMemory

parser = argparse.ArgumentParser()
parser.add_argument("--chpt-dir", type=str, default="")
parser.add_argument("--take-chpt", type=str)
parser.add_argument("--is-composable", type=str)
parser.add_argument("--remote-memory-addr-range", type=str, default="")
parser.add_argument("--remote-memory-latency", type=int)
parser.add_argument("--instance", type=int)
args = parser.parse_args()


def remote_memory(args):
    if args.is_composable != "False":
        return ExternalRemoteMemory(args.remote_memory_addr_range, args.remote_memory_latency)
    return None


def workload(board):
    board.set_kernel_disk_workload(
        kernel=CustomResource("/home/kaustavg/vmlinux-5.4.49-NUMA.arm64"),
        bootloader=CustomResource(
                "/home/kaustavg/kernel/arm/bootloader/arm64-bootloader"
        ),
        disk_image=DiskImageResource(
            "/projects/gem5/hn/DISK_IMAGES/arm64-hpc-2204-numa-kvm.img-20240304",
            root_partition="1",
        ),
        readfile_contents="",
    )
