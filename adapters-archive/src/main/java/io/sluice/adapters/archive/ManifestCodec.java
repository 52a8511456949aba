package io.sluice.adapters.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveManifest;
import io.sluice.application.port.out.ArchivedFile;
import io.sluice.application.port.out.ArchiveUnavailableException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The day manifest as JSON ({@code _manifest.json} beside the day's files): total rows, earliest
 * and latest row time, and per file its rows, bytes, SHA-256 and time range. Plain JSON so that
 * any tool can check an archive without Sluice.
 */
final class ManifestCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ManifestCodec() {
    }

    static byte[] write(ArchiveManifest manifest) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", manifest.kind().label());
        root.put("date", manifest.day().toString());
        root.put("rows", manifest.rows());
        root.put("min_time", manifest.files().stream().map(ArchivedFile::minTime).filter(t -> t != null).min(Instant::compareTo)
                .map(Instant::toString).orElse(null));
        root.put("max_time", manifest.files().stream().map(ArchivedFile::maxTime).filter(t -> t != null).max(Instant::compareTo)
                .map(Instant::toString).orElse(null));
        ArrayNode files = root.putArray("files");
        for (ArchivedFile file : manifest.files()) {
            ObjectNode node = files.addObject();
            node.put("name", file.name());
            node.put("rows", file.rows());
            node.put("bytes", file.bytes());
            node.put("sha256", file.sha256());
            node.put("min_time", file.minTime() == null ? null : file.minTime().toString());
            node.put("max_time", file.maxTime() == null ? null : file.maxTime().toString());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("could not encode a manifest", failed);
        }
    }

    static ArchiveManifest read(ArchiveKind kind, LocalDate day, byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            List<ArchivedFile> files = new ArrayList<>();
            for (JsonNode node : root.path("files")) {
                files.add(new ArchivedFile(node.path("name").asText(), node.path("rows").asLong(), node.path("bytes").asLong(),
                        node.path("sha256").asText(), instant(node.path("min_time")), instant(node.path("max_time"))));
            }
            return new ArchiveManifest(kind, day, files);
        } catch (IOException failed) {
            throw new ArchiveUnavailableException("the manifest of " + kind.label() + " " + day + " is not readable JSON", failed);
        }
    }

    private static Instant instant(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }
}
