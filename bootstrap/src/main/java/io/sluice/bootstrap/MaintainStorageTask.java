package io.sluice.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.servlets.tasks.PostBodyTask;
import io.sluice.application.port.in.MaintainStorageUseCase;
import io.sluice.application.port.in.MaintenanceReport;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/maintain-storage} on the admin port: runs storage maintenance now
 * (partitions ahead, archive and drop of raw days past the hot retention, retention of the other
 * families) and answers with what it did, as JSON.
 */
final class MaintainStorageTask extends PostBodyTask {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MaintainStorageUseCase maintenance;

    MaintainStorageTask(MaintainStorageUseCase maintenance) {
        super("maintain-storage");
        this.maintenance = maintenance;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, String body, PrintWriter output) throws Exception {
        output.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe(maintenance.maintain())));
    }

    static Map<String, Object> describe(MaintenanceReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", report.at().toString());
        body.put("partitions_created", report.partitionsCreated());
        body.put("archived", report.archived().stream().map(a -> {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("kind", a.kind());
            day.put("date", a.day().toString());
            day.put("rows", a.rows());
            day.put("file", a.file());
            return day;
        }).toList());
        Map<String, Object> dropped = new LinkedHashMap<>();
        report.dropped().forEach((family, days) -> dropped.put(family, days.stream().map(Object::toString).toList()));
        body.put("dropped", dropped);
        body.put("failures", report.failures());
        return body;
    }
}
