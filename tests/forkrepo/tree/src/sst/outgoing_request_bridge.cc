// Stand-in: the bridge without serialize/unserialize (7d4cb1dc8e and later).
#include "sst/outgoing_request_bridge.hh"
