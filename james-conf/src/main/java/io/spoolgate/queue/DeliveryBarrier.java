package io.spoolgate.queue;

/**
 * What the queue waits for before it forgets a delivered mail (writes its DONE record and lets its journal record
 * go): that what the delivery wrote is durable. Spoolgate's reader spool names punched files in the background and
 * makes the names durable with one sync for many mails ({@link io.spoolgate.vmspool.spool.NameSyncer}); until then a
 * crash must find the mail still queued, to be offered again.
 */
@FunctionalInterface
interface DeliveryBarrier {

    /** Nothing to wait for: the action runs at once. */
    DeliveryBarrier NONE = Runnable::run;

    /** Runs {@code forget} once every delivery finished before this call is durable. */
    void afterDurable(Runnable forget);
}
