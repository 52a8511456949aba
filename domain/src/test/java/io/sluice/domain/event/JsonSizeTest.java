package io.sluice.domain.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSizeTest {

    @Test
    void measuresCompactUtf8Json() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", Arrays.asList(1, true, null, "é\n\"🚀"));
        // {"a":[1,true,null,"é\n\"🚀"]}, as Python's json.dumps(separators=(',', ':'), ensure_ascii=False) encodes it
        assertThat(JsonSize.of(value)).isEqualTo(32);
        assertThat(JsonSize.of(Map.of())).isEqualTo(2);
        assertThat(JsonSize.of("\u0001")).isEqualTo(8);
        assertThat(JsonSize.of(2.5)).isEqualTo(3);
    }
}
