package io.spoolgate.ipmapper.proxy;

/** One direction of a relayed connection, for the byte totals in the log. */
interface RelayDirection {
    /** @return bytes taken from this direction's source so far */
    long bytes();
}
