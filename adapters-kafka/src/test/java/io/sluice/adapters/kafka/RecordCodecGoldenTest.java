package io.sluice.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.recordformat.GoldenRecords;
import io.sluice.application.port.out.ReadRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A Kafka record value is a version 1 document byte for byte, and a golden one decodes to its record. */
class RecordCodecGoldenTest {

    private final RecordCodec codec = new RecordCodec();

    static Iterable<GoldenRecords.Golden> goldens() {
        return GoldenRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void a_record_value_is_the_golden_bytes(GoldenRecords.Golden golden) {
        byte[] value = codec.encode(golden.record());

        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo(new String(golden.bytes(), StandardCharsets.UTF_8));
        assertThat(value).isEqualTo(golden.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void a_golden_value_decodes_to_its_record(GoldenRecords.Golden golden) {
        ReadRecord read = codec.decode(golden.bytes(), "user-events/0@1");

        assertThat(read.raw()).isEqualTo(golden.bytes());
        GoldenRecords.assertReadBack(read.draft(), golden.record());
    }
}
