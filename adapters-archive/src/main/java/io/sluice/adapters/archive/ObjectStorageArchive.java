package io.sluice.adapters.archive;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveDayPort;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveManifest;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.ArchiveUnavailableException;
import io.sluice.application.port.out.ArchivedFile;
import io.sluice.application.port.out.ReadArchivePort;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The archive of raw days as Parquet in object storage: {@code <uri>/<kind>/date=YYYY-MM-DD/<file>.parquet}
 * plus {@code _manifest.json} per day. A file is written locally, uploaded whole, downloaded again,
 * checked against its SHA-256 and counted by reading it; only such a read-back file enters the
 * manifest. Thread-safe (manifest updates are serialised in this process; one maintenance run
 * writes at a time).
 */
public final class ObjectStorageArchive implements ArchiveDayPort, ReadArchivePort, AutoCloseable {

    private static final String MANIFEST = "_manifest.json";

    private final ObjectStore store;
    private final ParquetFiles parquet;
    private final Path workDirectory;

    private ObjectStorageArchive(ObjectStore store, Path workDirectory) {
        this.store = store;
        this.workDirectory = workDirectory;
        this.parquet = new ParquetFiles(workDirectory);
    }

    /**
     * @param uri           {@code file:/path} or {@code s3://bucket/prefix}
     * @param s3Endpoint    for S3-compatible stores (path-style access); null for AWS itself
     * @param workDirectory where files are staged before upload and after download
     */
    public static ObjectStorageArchive open(URI uri, URI s3Endpoint, Path workDirectory) {
        try {
            Files.createDirectories(workDirectory);
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not create " + workDirectory, failed);
        }
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
        return switch (scheme) {
            case "file" -> new ObjectStorageArchive(new LocalObjectStore(Path.of(uri)), workDirectory);
            case "s3" -> {
                String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
                yield new ObjectStorageArchive(new S3ObjectStore(uri.getHost(), prefix, s3Endpoint), workDirectory);
            }
            default -> throw new IllegalArgumentException("the archive URI is file:… or s3://bucket/prefix (got " + uri + ")");
        };
    }

    /** Where the archive is, for logs. */
    public String describe() {
        return store.describe();
    }

    static String dayPrefix(ArchiveKind kind, LocalDate day) {
        return kind.label() + "/date=" + day + "/";
    }

    @Override
    public ArchivedFile write(ArchiveKind kind, LocalDate day, String fileName, List<ArchiveColumn> columns, ArchiveRows rows) {
        Path staged = workDirectory.resolve("out-" + fileName);
        Path readBack = workDirectory.resolve("back-" + fileName);
        try {
            Files.deleteIfExists(staged);
            parquet.write(staged, columns, rows);
            String sha = sha256(staged);
            String key = dayPrefix(kind, day) + fileName;
            store.put(key, staged);
            store.get(key, readBack);
            String storedSha = sha256(readBack);
            if (!storedSha.equals(sha)) {
                throw new ArchiveUnavailableException("the stored " + key + " differs from the file written (SHA-256 "
                        + storedSha + " instead of " + sha + ")");
            }
            ParquetFiles.Summary summary = parquet.summary(readBack, kind.timeColumn());
            return new ArchivedFile(fileName, summary.rows(), Files.size(readBack), sha, summary.minTime(), summary.maxTime());
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not stage " + fileName + ": " + failed.getMessage(), failed);
        } finally {
            deleteQuietly(staged);
            deleteQuietly(readBack);
        }
    }

    @Override
    public synchronized ArchiveManifest record(ArchiveKind kind, LocalDate day, ArchivedFile file) {
        List<ArchivedFile> files = new ArrayList<>();
        manifest(kind, day).ifPresent(existing -> existing.files().stream()
                .filter(f -> !f.name().equals(file.name())).forEach(files::add));
        files.add(file);
        ArchiveManifest manifest = new ArchiveManifest(kind, day, files);
        store.putBytes(dayPrefix(kind, day) + MANIFEST, ManifestCodec.write(manifest));
        return manifest;
    }

    @Override
    public Optional<ArchiveManifest> manifest(ArchiveKind kind, LocalDate day) {
        return store.getBytes(dayPrefix(kind, day) + MANIFEST).map(bytes -> ManifestCodec.read(kind, day, bytes));
    }

    @Override
    public List<LocalDate> days(ArchiveKind kind) {
        Set<LocalDate> days = new TreeSet<>();
        for (String key : store.list(kind.label() + "/date=")) {
            if (key.endsWith("/" + MANIFEST)) {
                String date = key.substring((kind.label() + "/date=").length(), key.length() - MANIFEST.length() - 1);
                days.add(LocalDate.parse(date));
            }
        }
        return List.copyOf(days);
    }

    @Override
    public Set<Long> ids(ArchiveKind kind, LocalDate day, String exceptFile) {
        Set<Long> ids = new HashSet<>();
        for (ArchivedFile file : files(kind, day)) {
            if (!file.name().equals(exceptFile)) {
                withDownloaded(kind, day, file, path -> ids.addAll(parquet.ids(path, kind.idColumn())));
            }
        }
        return ids;
    }

    @Override
    public long read(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, Consumer<Object[]> sink) {
        long[] rows = new long[1];
        for (ArchivedFile file : files(kind, day)) {
            withDownloaded(kind, day, file, path -> rows[0] += parquet.read(path, columns, sink));
        }
        return rows[0];
    }

    private List<ArchivedFile> files(ArchiveKind kind, LocalDate day) {
        return manifest(kind, day).map(ArchiveManifest::files).orElse(List.of());
    }

    private void withDownloaded(ArchiveKind kind, LocalDate day, ArchivedFile file, Consumer<Path> use) {
        Path local = workDirectory.resolve("in-" + Thread.currentThread().getId() + "-" + file.name());
        try {
            store.get(dayPrefix(kind, day) + file.name(), local);
            String sha = sha256(local);
            if (!sha.equals(file.sha256())) {
                throw new ArchiveUnavailableException("archive file " + dayPrefix(kind, day) + file.name()
                        + " does not match its manifest checksum");
            }
            use.accept(local);
        } finally {
            deleteQuietly(local);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException failed) {
            throw new ArchiveUnavailableException("could not checksum " + file, failed);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a staging leftover is overwritten by the next attempt of the same file
        }
    }

    @Override
    public void close() {
        if (store instanceof S3ObjectStore s3) {
            s3.close();
        }
    }
}
