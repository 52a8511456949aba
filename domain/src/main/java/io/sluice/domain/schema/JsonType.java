package io.sluice.domain.schema;

import java.util.Locale;

/** The instance types of JSON Schema's {@code type} keyword; an integer is also a number. */
public enum JsonType {
    STRING, NUMBER, INTEGER, BOOLEAN, OBJECT, ARRAY, NULL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of that name, or {@code null} when JSON Schema has no such type. */
    public static JsonType fromLabelOrNull(String label) {
        for (JsonType type : values()) {
            if (type.label().equals(label)) {
                return type;
            }
        }
        return null;
    }
}
