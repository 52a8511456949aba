package io.sluice.bootstrap;

import io.dropwizard.util.DataSize;
import java.lang.management.ManagementFactory;

/**
 * The size of the embedded PostgreSQL's buffer pool ({@code database.embeddedSharedBuffers}).
 * {@code auto} follows PostgreSQL's manual for a server of its own: a quarter of the machine's
 * memory (of the container's limit, where there is one), never under PostgreSQL's default of
 * 128 MB. The default pool is sized for the smallest machines: once the dedupe ids of the hot
 * window outgrow it, every id costs page reads from the kernel (docs/benchmarks.md, storage).
 */
final class EmbeddedSharedBuffers {

    static final String AUTO = "auto";
    static final long POSTGRES_DEFAULT = 128L << 20;

    private EmbeddedSharedBuffers() {
    }

    /**
     * @param setting        {@code auto} or a size such as {@code 2GiB}
     * @param physicalMemory the machine's (or container's) memory in bytes
     * @return the pool in bytes
     * @throws IllegalArgumentException for a setting that is neither, or a size under 128 MB
     */
    static long bytes(String setting, long physicalMemory) {
        if (AUTO.equalsIgnoreCase(setting.trim())) {
            return Math.max(POSTGRES_DEFAULT, physicalMemory / 4);
        }
        long bytes;
        try {
            bytes = DataSize.parse(setting.trim()).toBytes();
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("database.embeddedSharedBuffers is \"auto\" or a size such as 2GiB, not \""
                    + setting + "\"", invalid);
        }
        if (bytes < POSTGRES_DEFAULT) {
            throw new IllegalArgumentException("database.embeddedSharedBuffers is at least 128MiB, not " + setting);
        }
        return bytes;
    }

    /** The memory of this machine, or of the container the JVM runs in. */
    static long physicalMemory() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
