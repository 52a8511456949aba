package io.sluice.application.port.in;

import java.util.List;

/** What became of a registration: expected outcomes are values (STYLE §8). Immutable. */
public sealed interface SchemaRegistration {

    /** Stored: a new version ({@code created}), or the same schema with new modes (no new version). */
    record Registered(int version, boolean created) implements SchemaRegistration {
    }

    /** Not compatible with the latest version under the requested mode; each reason names the change. */
    record Incompatible(int latestVersion, List<String> reasons) implements SchemaRegistration {
        public Incompatible {
            reasons = List.copyOf(reasons);
        }
    }

    /** Not a usable JSON Schema. */
    record Invalid(List<String> problems) implements SchemaRegistration {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /** The type is managed by the schema directory; the API must not silently disagree with it. */
    record ManagedByDirectory(String message) implements SchemaRegistration {
    }
}
