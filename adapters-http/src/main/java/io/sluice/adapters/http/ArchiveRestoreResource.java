package io.sluice.adapters.http;

import io.sluice.application.port.in.RestoreArchiveUseCase;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/archive/restore?date=YYYY-MM-DD}: puts an archived day back into the hot store
 * for querying, without changing any aggregate; restoring again inserts nothing. An operator
 * action: it needs an admin key ({@code auth.adminKeys}). Thread-safe.
 */
@Path("/v1/archive/restore")
@Produces(MediaType.APPLICATION_JSON)
public final class ArchiveRestoreResource {

    private final RestoreArchiveUseCase restore;

    public ArchiveRestoreResource(RestoreArchiveUseCase restore) {
        this.restore = Objects.requireNonNull(restore, "restore");
    }

    @POST
    @Access(Access.Level.ADMIN)
    public Response restore(@QueryParam("date") String date) {
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
}
