# Stand-in with the layout of the fork's SST restore script, for gem5wb's tests.
import sst
from sst import UnitAlgebra


cache_link_latency = "1ps"
cpu_clock_rate = "3GHz"

# =========================================================================== #

# gem5 nodes; more than 1 needs mpirun.
system_nodes = 1
cpu_type = "timing"
gem5_run_script = "../../disaggregated_memory/configs/arm-stream-checkpoint-restore-unified-script.py"
chpt_dir = "/home/babaie/projects/disaggregated-cxl/unified1/gem5/res-gem5-sst-test/composable-chpt/checkpoint"
# SST memory nodes
memory_nodes = 1

node_memory_slice = "2GiB"
remote_memory_slice = "2GiB"
    
# SST memory size.
sst_memory_size = "36GiB"
addr_range_end = UnitAlgebra(sst_memory_size).getRoundedValue()

mem_bus = sst.Component("membus", "memHierarchy.Bus")
mem_bus.addParams( { "bus_frequency" : cpu_clock_rate } )

memctrl = sst.Component("memory", "memHierarchy.MemController")
memctrl.setRank(0, 0)
memctrl.addParams({
    "clock" : "1.2GHz",
    "addr_range_end" : addr_range_end,
})

gem5_nodes = []
memory_ports = []

for node in range(system_nodes):
    cmd = [
        f"--outdir=../../m5out_sst_rem_rstr_{node}",
        f"{gem5_run_script}",
        f"--chpt-dir={chpt_dir}",
        f"--take-chpt=False",
        f"--is-composable=True",
        f"--remote-memory-addr-range=4294967296,38654705664",
        f"--remote-memory-latency=750", # 250 ns latency of CXL
        f"--instance {node}",
    ]
    ports = {
        "remote_memory_port" : "board.remote_memory"
    }
    port_list = []
    for port in ports:
        port_list.append(port)
    cpu_params = {
       "frequency" : cpu_clock_rate,
       "cmd" : " ".join(cmd),
       "ports" : " ".join(port_list)
    }
    gem5_nodes.append(
        sst.Component("gem5_node_{}".format(node), "gem5.gem5Component")
    )
    gem5_nodes[node].addParams(cpu_params)
    gem5_nodes[node].setRank(node + 1, 0)
    
    memory_ports.append(
        gem5_nodes[node].setSubComponent(
            "remote_memory_port", "gem5.gem5Bridge", 0
        )
    )
    memory_ports[node].addParams({
        "response_receiver_name" : ports["remote_memory_port"]
    })
