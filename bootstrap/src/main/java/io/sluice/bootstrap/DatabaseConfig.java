package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The {@code database} section. An empty {@code url} means "start the embedded PostgreSQL under
 * the data directory" (the single-node default); otherwise Sluice connects to that server.
 */
public final class DatabaseConfig {

    @JsonProperty
    private String url = "";

    @JsonProperty
    @NotNull
    private String user = "postgres";

    @JsonProperty
    @NotNull
    private String password = "";

    /** Port of the embedded server; 0 picks a free one at every start. */
    @JsonProperty
    @Min(0)
    @Max(65535)
    private int embeddedPort;

    /** The embedded server's buffer pool: {@code auto} (a quarter of the machine's memory) or a size such as 2GiB. */
    @JsonProperty
    @NotNull
    private String embeddedSharedBuffers = EmbeddedSharedBuffers.AUTO;

    @JsonProperty
    @Min(2)
    private int maxConnections = 16;

    /** How long a query waits for a pooled connection before the store reports itself unavailable. */
    @JsonProperty
    @NotNull
    private Duration connectionWait = Duration.seconds(5);

    /** PostgreSQL's sslmode for external servers (disable, require, verify-ca, verify-full). */
    @JsonProperty
    @NotNull
    private String sslMode = "prefer";

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int embeddedPort() {
        return embeddedPort;
    }

    /** The embedded server's buffer pool in bytes, on this machine. */
    public long embeddedSharedBufferBytes() {
        return EmbeddedSharedBuffers.bytes(embeddedSharedBuffers, EmbeddedSharedBuffers.physicalMemory());
    }

    /**
     * The connection schema migrations run on, outside the pool: without the pool's socket timeout,
     * because one migration statement on a populated store (V11 rewrites 20 M dedupe ids) runs for
     * minutes, and a timeout there aborts the start rather than protecting a request.
     */
    DataSource migrationDataSource(String jdbcUrl, String jdbcUser, String jdbcPassword) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(jdbcUrl);
        source.setUser(jdbcUser);
        source.setPassword(jdbcPassword);
        source.setSslMode(embedded() ? "disable" : sslMode);
        source.setApplicationName("sluice-migrations");
        source.setConnectTimeout(5);
        source.setSocketTimeout(0);
        return source;
    }

    /** Dropwizard's pooled data source settings for the given server address. */
    DataSourceFactory dataSourceFactory(String jdbcUrl, String jdbcUser, String jdbcPassword) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl(jdbcUrl);
        factory.setUser(jdbcUser);
        factory.setPassword(jdbcPassword);
        factory.setMinSize(2);
        factory.setInitialSize(2);
        factory.setMaxSize(maxConnections);
        factory.setMaxWaitForConnection(connectionWait);
        factory.setValidationQuery("/* Sluice health check */ SELECT 1");
        factory.setCheckConnectionOnBorrow(true);
        factory.setProperties(Map.of(
                "reWriteBatchedInserts", "true",
                "sslmode", embedded() ? "disable" : sslMode,
                "ApplicationName", "sluice",
                "connectTimeout", "5",
                "socketTimeout", "60"));
        return factory;
    }
}
