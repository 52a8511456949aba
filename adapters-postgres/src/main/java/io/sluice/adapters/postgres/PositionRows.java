package io.sluice.adapters.postgres;

import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a consumer group's positions in {@code consumer_positions} forward, never back, in the
 * transaction of the data read before them. Stateless and thread-safe.
 */
final class PositionRows {

    private static final String UPSERT = """
            INSERT INTO consumer_positions AS p (consumer_group, stream, partition, next_position, updated_at)
            SELECT ?, x.stream, x.partition, x.next_position, now()
            FROM unnest(?::text[], ?::int4[], ?::int8[]) AS x(stream, partition, next_position)
            ORDER BY 2, 3
            ON CONFLICT (consumer_group, stream, partition) DO UPDATE SET
                next_position = GREATEST(p.next_position, excluded.next_position),
                updated_at = now()
            """;

    void upsert(Connection connection, ConsumerGroup group, List<BufferPosition> positions) throws SQLException {
        if (positions.isEmpty()) {
            return;
        }
        // One row per partition: the same row twice in one upsert is an error in PostgreSQL.
        Map<String, Map<Integer, Long>> furthest = new LinkedHashMap<>();
        for (BufferPosition position : positions) {
            furthest.computeIfAbsent(position.stream(), s -> new LinkedHashMap<>())
                    .merge(position.partition(), position.next(), Math::max);
        }
        List<String> streams = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> nexts = new ArrayList<>();
        furthest.forEach((stream, byPartition) -> byPartition.forEach((partition, next) -> {
            streams.add(stream);
            partitions.add(partition);
            nexts.add(next);
        }));
        try (ArrayStatement statement = ArrayStatement.prepare(connection, UPSERT)) {
            statement.text(group.value())
                    .lists("text", streams)
                    .lists("int4", partitions)
                    .lists("int8", nexts)
                    .update();
        }
    }
}
