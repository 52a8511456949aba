package io.sluice.application.fakes;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveDayPort;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveManifest;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.ArchivedFile;
import io.sluice.application.port.out.ReadArchivePort;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** An archive of files that hold the ids of their rows (first column), with manifests. Thread-safe. */
public final class InMemoryArchive implements ArchiveDayPort, ReadArchivePort {

    private record Day(ArchiveKind kind, LocalDate day) {
    }

    private final Map<Day, Map<String, Set<Long>>> files = new LinkedHashMap<>();

    /** A file already in the day's manifest, holding the given ids. */
    public synchronized void archived(ArchiveKind kind, LocalDate day, String file, Set<Long> ids) {
        files.computeIfAbsent(new Day(kind, day), d -> new LinkedHashMap<>()).put(file, Set.copyOf(ids));
    }

    @Override
    public ArchivedFile write(ArchiveKind kind, LocalDate day, String token, List<ArchiveColumn> columns, ArchiveRows rows) {
        Set<Long> ids = new HashSet<>();
        long written = rows.forEach(row -> ids.add((Long) row[0]));
        synchronized (this) {
            files.computeIfAbsent(new Day(kind, day), d -> new LinkedHashMap<>()).put(token, Set.copyOf(ids));
        }
        return file(token, written);
    }

    @Override
    public synchronized ArchiveManifest record(ArchiveKind kind, LocalDate day, ArchivedFile file) {
        return manifest(kind, day).orElseThrow();
    }

    @Override
    public synchronized Optional<ArchiveManifest> manifest(ArchiveKind kind, LocalDate day) {
        Map<String, Set<Long>> ofDay = files.get(new Day(kind, day));
        if (ofDay == null) {
            return Optional.empty();
        }
        List<ArchivedFile> listed = new ArrayList<>();
        ofDay.forEach((name, ids) -> listed.add(file(name, ids.size())));
        return Optional.of(new ArchiveManifest(kind, day, listed));
    }

    @Override
    public synchronized List<LocalDate> days(ArchiveKind kind) {
        return List.copyOf(new TreeSet<>(files.keySet().stream().filter(d -> d.kind() == kind).map(Day::day).toList()));
    }

    @Override
    public synchronized Set<Long> ids(ArchiveKind kind, LocalDate day, String exceptFile) {
        Set<Long> ids = new HashSet<>();
        files.getOrDefault(new Day(kind, day), Map.of()).forEach((name, inFile) -> {
            if (!name.equals(exceptFile)) {
                ids.addAll(inFile);
            }
        });
        return ids;
    }

    @Override
    public long read(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, Consumer<Object[]> sink) {
        List<Long> ids = new ArrayList<>();
        synchronized (this) {
            files.getOrDefault(new Day(kind, day), Map.of()).values().forEach(ids::addAll);
        }
        Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
        ids.forEach(id -> sink.accept(new Object[] {id, start.plusSeconds(id % 86_400)}));
        return ids.size();
    }

    private static ArchivedFile file(String name, long rows) {
        return new ArchivedFile(name, rows, rows * 8, "0".repeat(64), null, null);
    }
}
