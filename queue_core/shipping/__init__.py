"""The centre's event log shipped to the province: read in bounded batches on a connection of
its own, gzip'd without the tickets' public tokens, sent in order from the last event the
province holds, on a thread beside the queue (``Shipper``, started by ``luot-core serve`` when
the site has ``[province]``), with what the console shows of it (``ShippingState``, in the
domain). The contract is the province's (docs/operations.md, "Shipping to the province")."""

from queue_core.shipping.batches import Batch, read_batch, shipped_event
from queue_core.shipping.link import (
    Acked,
    Gap,
    LinkDown,
    ProvinceClient,
    Refused,
    Rejected,
    TooLarge,
)
from queue_core.shipping.shipper import POLL_SECONDS, Shipper, read_token

__all__ = [
    "POLL_SECONDS",
    "Acked",
    "Batch",
    "Gap",
    "LinkDown",
    "ProvinceClient",
    "Refused",
    "Rejected",
    "Shipper",
    "TooLarge",
    "read_batch",
    "read_token",
    "shipped_event",
]
