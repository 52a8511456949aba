package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.recordformat.GoldenRecords;
import io.sluice.application.port.out.ReadRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed encoder writes version 1 documents byte for byte (an entry's body is their JSON
 * array), and a golden document in an entry decodes to its record.
 */
class EntryCodecGoldenTest {

    private final EntryCodec codec = new EntryCodec("golden");

    static Iterable<GoldenRecords.Golden> goldens() {
        return GoldenRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void an_entry_body_holds_the_golden_bytes(GoldenRecords.Golden golden) {
        String body = new String(codec.encodeBody(List.of(golden.record())), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo("[" + new String(golden.bytes(), StandardCharsets.UTF_8) + "]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void a_golden_document_in_an_entry_decodes_to_its_record(GoldenRecords.Golden golden) {
        byte[] document = golden.bytes();
        byte[] entry = new byte[EntryCodec.HEADER_BYTES + document.length + 2];
        entry[EntryCodec.HEADER_BYTES] = '[';
        System.arraycopy(document, 0, entry, EntryCodec.HEADER_BYTES + 1, document.length);
        entry[entry.length - 1] = ']';

        List<ReadRecord> read = codec.decode(7, EntryCodec.MAGIC, entry);

        assertThat(read).hasSize(1);
        assertThat(read.get(0).raw()).isEqualTo(document);
        GoldenRecords.assertReadBack(read.get(0).draft(), golden.record());
    }
}
