package io.spoolgate.exit.rfc2505;

/** What DNS said about a sender domain. */
public enum DomainStatus {
    /** The domain has MX, A or AAAA records. */
    EXISTS,
    /** The domain does not exist (NXDOMAIN) or has no usable record: a permanent reject is justified. */
    NOT_FOUND,
    /** DNS did not answer in time or failed: only a temporary reject is allowed (RFC 2505). */
    TEMPORARY_FAILURE
}
