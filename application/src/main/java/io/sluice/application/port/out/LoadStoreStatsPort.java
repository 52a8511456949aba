package io.sluice.application.port.out;

/** Reads store-wide totals. Safe for concurrent use. */
public interface LoadStoreStatsPort {
    StoreStats stats();
}
