package io.sluice.adapters.http;

import io.sluice.application.port.in.RestoreArchiveUseCase;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/archive/restore?date=YYYY-MM-DD}: puts an archived day back into the hot store
 * for querying, without changing any aggregate; restoring again inserts nothing. An operator
 * action: it needs an admin key ({@code Authorization: Bearer <key>}, configured as SHA-256
 * digests), which this resource checks itself; without any admin key configured the route
 * refuses every request. Thread-safe.
 */
@Path("/v1/archive/restore")
@Produces(MediaType.APPLICATION_JSON)
public final class ArchiveRestoreResource {

    private final RestoreArchiveUseCase restore;
    private final List<byte[]> adminDigests;

    /** @param adminKeySha256 hex SHA-256 digests of the admin keys (empty: route closed) */
    public ArchiveRestoreResource(RestoreArchiveUseCase restore, List<String> adminKeySha256) {
        this.restore = Objects.requireNonNull(restore, "restore");
        this.adminDigests = adminKeySha256.stream().filter(d -> d != null && !d.isBlank())
                .map(d -> HexFormat.of().parseHex(d.trim().toLowerCase(java.util.Locale.ROOT))).toList();
    }

    @POST
    // The admin level is checked here: the access filter knows write and read keys only.
    @Access(Access.Level.PUBLIC)
    public Response restore(@QueryParam("date") String date, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!admin(authorization)) {
            throw HttpProblem.unauthorized("admin_key_required", "Restoring the archive needs an admin key (Authorization: Bearer <key>).");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(Objects.requireNonNullElse(date, ""));
        } catch (DateTimeParseException invalid) {
            throw HttpProblem.invalidParameter("date", "must be a UTC day as YYYY-MM-DD (got '" + date + "')");
        }
        RestoreArchiveUseCase.RestoreReport report = restore.restore(day);
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("date", report.day().toString());
        body.put("archived_rows", report.archived());
        body.put("restored_rows", report.inserted());
        if (report.archived().isEmpty()) {
            body.put("message", "Nothing of " + day + " is in the archive.");
        }
        return JsonCodec.ok(body);
    }

    private boolean admin(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7) || adminDigests.isEmpty()) {
            return false;
        }
        byte[] digest = HexFormat.of().parseHex(ApiKeys.sha256Hex(authorization.substring(7).trim()));
        boolean match = false;
        for (byte[] known : adminDigests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match;
    }
}
