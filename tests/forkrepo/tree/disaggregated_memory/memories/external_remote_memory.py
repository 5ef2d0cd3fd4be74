# Stand-in: the SST board's remote memory, an OutgoingRequestBridge as in the fork's v1 module.
from m5.objects import OutgoingRequestBridge


class ExternalRemoteMemory:
    def __init__(self, addr_range, link_latency):
        self.bridge = OutgoingRequestBridge(physical_address_ranges=[addr_range])
