package io.sluice.adapters.prometheus;

import io.sluice.application.port.out.MeasureDiskSpacePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Usable bytes of the file system holding the data directory (buffer and embedded database). */
public final class DataDirectorySpace implements MeasureDiskSpacePort {

    private final Path directory;

    public DataDirectorySpace(Path directory) {
        this.directory = directory;
    }

    @Override
    public long usableBytes() {
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException unknown) {
            return -1;
        }
    }
}
