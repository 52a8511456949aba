package io.sluice.domain.deadletter;

/** The classes of failure the dead-letter policy tells apart. */
public enum FailureKind {
    /** The record is not readable. Retrying cannot help. */
    MALFORMED,
    /** The record breaks the domain rules. Retrying cannot help. */
    INVALID,
    /** The store is down or timed out. The record is fine; waiting helps. */
    STORE_UNAVAILABLE,
    /** The store refused the data itself (a constraint, an encoding). It might be one poisoned record. */
    STORE_REJECTED
}
