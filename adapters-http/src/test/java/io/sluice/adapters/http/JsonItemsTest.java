package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.in.Incoming;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonItemsTest {

    /** The draft is the document and the size the reader was given, so tests can see both. */
    private static final JsonItems.DraftReader<Map.Entry<Map<String, Object>, Integer>> DRAFTS = Map::entry;

    @Test
    void slices_array_items_by_byte_offset_past_multibyte_characters() {
        String first = "{\"name\":\"\u65e5\u672c\u8a9e \ud83d\ude00\"}";
        String second = "{\"escaped\":\"a \\\"quoted\\\" } ] \\u00e9\"}";
        String body = "[ " + first + ",\n\t" + second + " ]";

        List<Incoming<Map.Entry<Map<String, Object>, Integer>>> items = read(body, BodyFormat.JSON);

        assertThat(items).map(JsonItemsTest::text).containsExactly(first, second);
        Incoming.Parsed<Map.Entry<Map<String, Object>, Integer>> parsed =
                (Incoming.Parsed<Map.Entry<Map<String, Object>, Integer>>) items.get(0);
        assertThat(parsed.draft().getKey()).containsEntry("name", "\u65e5\u672c\u8a9e \ud83d\ude00");
        assertThat(parsed.draft().getValue()).isEqualTo(first.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void keeps_a_lone_value_that_is_not_an_object_as_one_unparsed_item() {
        List<Incoming<Map.Entry<Map<String, Object>, Integer>>> items = read(" \"hello\" ", BodyFormat.JSON);

        assertThat(items).hasSize(1);
        Incoming.Unparsed<?> unparsed = (Incoming.Unparsed<?>) items.get(0);
        assertThat(text(unparsed)).isEqualTo("\"hello\"");
        assertThat(unparsed.reason()).isEqualTo("the body is a string, not a JSON object");
    }

    @Test
    void slices_scalars_and_nested_arrays_inside_an_array_exactly() {
        List<Incoming<Map.Entry<Map<String, Object>, Integer>>> items = read("[true,null,-1.5e3,[[],{}],\"x\"]", BodyFormat.JSON);

        assertThat(items).map(JsonItemsTest::text).containsExactly("true", "null", "-1.5e3", "[[],{}]", "\"x\"");
        assertThat(items).map(i -> ((Incoming.Unparsed<?>) i).reason()).containsExactly(
                "item 0 is a boolean, not a JSON object", "item 1 is null, not a JSON object", "item 2 is a number, not a JSON object",
                "item 3 is an array, not a JSON object", "item 4 is a string, not a JSON object");
    }

    @Test
    void keeps_ndjson_lines_without_their_terminators() {
        List<Incoming<Map.Entry<Map<String, Object>, Integer>>> items = read("{\"a\":1}\r\n\r\n {\"b\":2} \n{\"c\":3} {\"d\":4}\n",
                BodyFormat.NDJSON);

        assertThat(items).map(JsonItemsTest::text).containsExactly("{\"a\":1}", " {\"b\":2} ", "{\"c\":3} {\"d\":4}");
        assertThat(items.get(1)).isInstanceOf(Incoming.Parsed.class);
        assertThat(((Incoming.Unparsed<?>) items.get(2)).reason()).isEqualTo("line 4 holds more than one JSON value");
    }

    @Test
    void reports_an_unclosed_array_with_its_position() {
        assertThatThrownBy(() -> read("[{\"a\":1},\n{\"b\":2}", BodyFormat.JSON))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("malformed_json");
                    assertThat(problem.body()).containsEntry("line", 2);
                    assertThat((String) problem.body().get("parser_message")).contains("end-of-input");
                });
    }

    @Test
    void refuses_a_body_that_is_not_json_at_all() {
        assertThatThrownBy(() -> read("event_type=a&user_id=b", BodyFormat.JSON))
                .isInstanceOfSatisfying(HttpProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo("malformed_json");
                    assertThat(problem.body()).containsEntry("line", 1).containsEntry("column", 1);
                });
    }

    @Test
    void accepts_only_json_and_ndjson_in_utf8() {
        assertThat(BodyFormat.of("application/json")).isEqualTo(BodyFormat.JSON);
        assertThat(BodyFormat.of("Application/JSON ; charset=\"utf-8\"")).isEqualTo(BodyFormat.JSON);
        assertThat(BodyFormat.of("application/x-ndjson;charset=UTF-8")).isEqualTo(BodyFormat.NDJSON);
        for (String refused : new String[] {null, "", "text/json", "application/json; charset=utf-16", "application/jsonx"}) {
            assertThatThrownBy(() -> BodyFormat.of(refused)).as(String.valueOf(refused))
                    .isInstanceOfSatisfying(HttpProblem.class, p -> assertThat(p.status()).isEqualTo(415));
        }
    }

    private static List<Incoming<Map.Entry<Map<String, Object>, Integer>>> read(String body, BodyFormat format) {
        return JsonItems.read(RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), format, DRAFTS);
    }

    private static String text(Incoming<?> item) {
        return new String(item.raw(), StandardCharsets.UTF_8);
    }
}
