package io.spoolgate.scan.policy;

/** Which threshold of a policy a score reached. */
public enum SpamLevel {
    /** Below tag: no headers. */
    NONE,
    /** At or above tag: X-Spam-* headers. */
    TAG,
    /** At or above tag2: flag, subject tag, optional defang. */
    TAG2,
    /** At or above kill: the spam destiny applies. */
    KILL
}
