package io.sluice.application.port.in;

import java.util.Objects;

/**
 * One item of an ingest request as the inbound adapter read it: a draft with the bytes it was
 * read from, or bytes that could not be read at all. The bytes become the dead letter's payload
 * if the item is rejected. Immutable.
 *
 * @param <D> the draft type (event or metric sample)
 */
public sealed interface Incoming<D> permits Incoming.Parsed, Incoming.Unparsed {

    byte[] raw();

    record Parsed<D>(D draft, byte[] raw) implements Incoming<D> {
        public Parsed {
            Objects.requireNonNull(draft, "draft");
            Objects.requireNonNull(raw, "raw");
        }
    }

    record Unparsed<D>(byte[] raw, String reason) implements Incoming<D> {
        public Unparsed {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
