package io.sluice.adapters.jsonschema;

import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import io.sluice.domain.event.SchemaViolation;
import tools.jackson.databind.JsonNode;

/** Turns the validator's errors into the domain's violations: JSON pointer, keyword, expected value. Stateless. */
final class JsonSchemaErrors {

    private JsonSchemaErrors() {
    }

    static SchemaViolation violation(Error error) {
        String keyword = error.getKeyword() == null ? "schema" : error.getKeyword();
        String pointer = pointer(error.getInstanceLocation());
        String expected;
        if ("required".equals(keyword) && error.getProperty() != null) {
            pointer = pointer + "/" + escape(error.getProperty());
            expected = "a value for required property " + CanonicalJson.of(tools.jackson.databind.node.StringNode.valueOf(error.getProperty()));
        } else {
            expected = expected(error.getSchemaNode(), keyword);
        }
        return new SchemaViolation(pointer, keyword, expected, error.getMessage());
    }

    /** The keyword's value in the schema, as JSON text ({@code 0}, {@code "number"}, {@code ["EUR","USD"]}). */
    private static String expected(JsonNode schemaNode, String keyword) {
        if (schemaNode == null) {
            return "(see message)";
        }
        JsonNode value = schemaNode.isObject() && schemaNode.has(keyword) ? schemaNode.get(keyword) : schemaNode;
        String text = CanonicalJson.of(value);
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    static String pointer(NodePath path) {
        if (path == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            out.append('/').append(escape(String.valueOf(element)));
        }
        return out.toString();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
