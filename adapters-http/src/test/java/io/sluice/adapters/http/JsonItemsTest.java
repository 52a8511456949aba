package io.sluice.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import io.sluice.application.port.in.Incoming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JsonItemsTest {

    /** The draft is the document and the size the reader was given, so tests can see both. */
    private static final JsonItems.DraftReader<Map.Entry<Map<String, Object>, Integer>> DRAFTS =
            (document, size, objectTexts) -> Map.entry(document, size);

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

    /** Issue 13, finding 5: 80k tiny NDJSON items were a 503 on every retry; a request no retry can pass is a 413. */
    @Test
    void more_items_than_a_request_may_carry_is_a_413_in_ndjson_and_in_arrays() {
        int max = HttpSettings.MAX_ITEMS_PER_REQUEST;
        assertThat(read("1\n".repeat(max), BodyFormat.NDJSON)).hasSize(max);
        assertThat(read("[" + "1,".repeat(max - 1) + "1]", BodyFormat.JSON)).hasSize(max);
        for (var body : List.of(Map.entry("1\n".repeat(80_000), BodyFormat.NDJSON),
                Map.entry("[" + "1,".repeat(max) + "1]", BodyFormat.JSON))) {
            assertThatThrownBy(() -> read(body.getKey(), body.getValue())).isInstanceOfSatisfying(HttpProblem.class, problem -> {
                assertThat(problem.status()).isEqualTo(413);
                assertThat(problem.code()).isEqualTo("too_many_items");
                assertThat(problem.body()).containsEntry("max_items", max);
            });
        }
    }

    /**
     * Jackson's UTF-8 parser fails on any surrogate escape in a field name, paired or not; it
     * refused the whole array (issue 13). Each item is read on its own: the escapes in names are
     * read right (an unpaired one is then refused by the rules at the door, for that item alone),
     * the bytes are the client's, and values and escaped backslashes read as before.
     */
    @Test
    void surrogate_escapes_in_field_names_are_read_item_by_item() {
        String before = "{\"a\":\"\\ud83d\\ude00\",\"b\":\"\\udc00 in a value\"}";
        String lone = "{\"p\":{\"\\udc00x\":1,\"\\ud83d\\ude00\":2}}";
        String after = "{\"\\\\udc00\":\"an escaped backslash, not an escape\"}";

        List<Incoming<Map.Entry<Map<String, Object>, Integer>>> items = read("[" + before + "," + lone + "," + after + "]", BodyFormat.JSON);

        assertThat(items).map(JsonItemsTest::text).containsExactly(before, lone, after);
        assertThat(items).allMatch(item -> item instanceof Incoming.Parsed);
        assertThat(document(items.get(1)).get("p")).isEqualTo(Map.of("\udc00x", 1, "\ud83d\ude00", 2));
        assertThat(document(items.get(2))).containsKey("\\udc00");
        assertThat(SurrogateNameEscapes.find(after.getBytes(StandardCharsets.UTF_8), after.length())).isEmpty();
        assertThat(SurrogateNameEscapes.find(before.getBytes(StandardCharsets.UTF_8), before.length())).isEmpty();

        List<Incoming<Map.Entry<Map<String, Object>, Integer>>> lines = read(before + "\n" + lone + "\n", BodyFormat.NDJSON);
        assertThat(lines).allMatch(item -> item instanceof Incoming.Parsed);
        assertThat(document(lines.get(1)).get("p")).isEqualTo(Map.of("\udc00x", 1, "\ud83d\ude00", 2));
    }

    private static Map<String, Object> document(Incoming<Map.Entry<Map<String, Object>, Integer>> item) {
        return ((Incoming.Parsed<Map.Entry<Map<String, Object>, Integer>>) item).draft().getKey();
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

    @Test
    void keeps_the_text_of_object_fields_exactly_as_sent() {
        String properties = "{ \"a\" : [1, 2.50, {\"b\":null}],\t \"\\u00e9t\u00e9\": \"\u65e5\" }";
        String item = "{\"user_id\":\"u\",\"properties\":" + properties + ",\"ctx\":{\"x\":1},\"ctx\":{\"x\":2},\"n\":3}";
        List<Function<String, byte[]>> texts = new ArrayList<>();
        JsonItems.DraftReader<Map<String, Object>> keepTexts = (document, size, objectTexts) -> {
            texts.add(objectTexts);
            return document;
        };

        for (String body : new String[] {"[" + item + "]", item}) {
            for (BodyFormat format : BodyFormat.values()) {
                texts.clear();
                JsonItems.read(RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), format, keepTexts);
                if (format == BodyFormat.NDJSON && body.startsWith("[")) {
                    assertThat(texts).isEmpty();
                    continue;
                }
                assertThat(texts).hasSize(1);
                assertThat(texts.get(0).apply("properties")).asString(StandardCharsets.UTF_8).isEqualTo(properties);
                // A field sent twice is the last one, as in the parsed map.
                assertThat(texts.get(0).apply("ctx")).asString(StandardCharsets.UTF_8).isEqualTo("{\"x\":2}");
                assertThat(texts.get(0).apply("n")).isNull();
                assertThat(texts.get(0).apply("user_id")).isNull();
                assertThat(texts.get(0).apply("absent")).isNull();
            }
        }
    }

    /**
     * Objects are read field by field (to know where their object-valued fields lie), so the values
     * must stay those of reading the object as a map in one go, for every kind of JSON value.
     */
    @Test
    void reads_objects_into_the_values_a_map_reader_gives() throws Exception {
        SplittableRandom random = new SplittableRandom(20261122);
        for (int round = 0; round < 3_000; round++) {
            String json = randomObject(random, 0);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            Map<String, Object> expected = JsonCodec.MAP_READER.readValue(bytes);
            ObjectTexts texts = new ObjectTexts(bytes);
            Map<String, Object> actual;
            try (JsonParser parser = JsonCodec.utf8Parser(bytes, 0, bytes.length)) {
                parser.nextToken();
                actual = JsonObjects.read(parser, texts);
            }
            assertThat(actual).as(json).isEqualTo(expected);
            assertThat(List.copyOf(actual.keySet())).as(json).isEqualTo(List.copyOf(expected.keySet()));
            for (Map.Entry<String, Object> field : expected.entrySet()) {
                assertThat(field.getValue() == null ? null : field.getValue().getClass()).as(json + " " + field.getKey())
                        .isEqualTo(actual.get(field.getKey()) == null ? null : actual.get(field.getKey()).getClass());
                byte[] text = texts.apply(field.getKey());
                if (field.getValue() instanceof Map<?, ?>) {
                    assertThat(JsonCodec.VALUE_READER.<Object>readValue(text)).as(json).isEqualTo(field.getValue());
                } else {
                    assertThat(text).as(json).isNull();
                }
            }
        }
    }

    private static final String[] NUMBERS = {"0", "-0", "-0.0", "7", "-2147483648", "2147483648", "9223372036854775807",
        "9223372036854775808", "123456789012345678901234567890", "1.5", "2.50", "1e3", "-1.5E-7", "1e400", "0.1e-400",
        "3.141592653589793238462643383279"};
    private static final String[] STRINGS = {"\"\"", "\"plain\"", "\"\\u00e9\\n\\\"q\\\"\"", "\"\u65e5\ud83d\ude00\"",
        "\"\\ud83d\\ude00\"", "\"a/b\\/c\""};

    private static String randomObject(SplittableRandom random, int depth) {
        StringBuilder json = new StringBuilder("{");
        for (int i = random.nextInt(depth == 0 ? 1 : 0, 6); i > 0; i--) {
            // Few distinct names, so duplicates happen.
            json.append('"').append("k").append(random.nextInt(5)).append("\":").append(randomValue(random, depth + 1));
            json.append(i > 1 ? "," : "");
        }
        return json.append(random.nextBoolean() ? " }" : "}").toString();
    }

    private static String randomValue(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 1 -> STRINGS[random.nextInt(STRINGS.length)];
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> random.nextBoolean() ? " \"x\"" : "[]";
            case 5 -> randomObject(random, depth);
            default -> "[" + randomValue(random, depth + 1) + ", " + randomValue(random, depth + 1) + "]";
        };
    }

    private static List<Incoming<Map.Entry<Map<String, Object>, Integer>>> read(String body, BodyFormat format) {
        return JsonItems.read(RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), format, DRAFTS);
    }

    private static String text(Incoming<?> item) {
        return new String(item.raw(), StandardCharsets.UTF_8);
    }
}
