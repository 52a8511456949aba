package io.sluice.bootstrap.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the schema tests: a status and a JSON body per call. */
final class SchemaHttp {

    static final String ADMIN_KEY = "sluice-e2e-admin-key";
    static final String READ_KEY = "sluice-local-read-key";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    SchemaHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    record Answer(int status, JsonNode body, String text) {
    }

    Answer send(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        return new Answer(response.statusCode(), json, response.body());
    }

    Answer putSchema(String type, String schema, String compatibility, String enforcement) throws IOException, InterruptedException {
        return send("PUT", "/v1/schemas/" + type.replace(" ", "%20"), ADMIN_KEY,
                "{\"schema\":" + schema + ",\"compatibility\":\"" + compatibility + "\",\"enforcement\":\"" + enforcement + "\"}");
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, READ_KEY, null);
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, null, body);
    }
}
