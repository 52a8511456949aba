package io.sluice.adapters.recordformat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.domain.event.EventSource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Version 1 of the record format, pinned: each golden record's document, encoded as the buffer
 * adapters encode documents, is byte for byte its golden file, and the golden file reads back as
 * the record. A change of a field name, of the field order, of how a value is written (timestamps,
 * base64, numbers) or of how a document is read fails here.
 */
class GoldenRecordsTest {

    // The buffer adapters' setting: characters beyond the BMP as their UTF-8 bytes.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());

    static Iterable<GoldenRecords.Golden> goldens() {
        return GoldenRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void aRecordIsEncodedAsItsGoldenBytes(GoldenRecords.Golden golden) throws Exception {
        byte[] encoded = JSON.writeValueAsBytes(RecordDocument.toDocument(golden.record()));

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(new String(golden.bytes(), StandardCharsets.UTF_8));
        assertThat(encoded).isEqualTo(golden.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theGoldenBytesReadBackAsTheRecord(GoldenRecords.Golden golden) throws Exception {
        byte[] bytes = golden.bytes();
        Map<String, Object> document = JSON.readValue(bytes, new TypeReference<Map<String, Object>>() { });

        GoldenRecords.assertReadBack(RecordDocument.fromDocument(document, bytes.length, EventSource.FOREIGN_PRODUCER), golden.record());
    }
}
