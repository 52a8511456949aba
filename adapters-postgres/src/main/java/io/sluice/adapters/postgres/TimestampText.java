package io.sluice.adapters.postgres;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Instants as the statements of this adapter send them. Stateless and thread-safe. */
final class TimestampText {

    private static final long FIRST_FAST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final int SECONDS_PER_DAY = 86_400;

    private TimestampText() {
    }

    /**
     * An instant as PostgreSQL reads it into {@code timestamptz}: ISO 8601 in UTC with six fraction
     * digits, e.g. {@code 2026-12-04T04:44:30.871855Z}. Truncated (not rounded) to the microsecond
     * PostgreSQL keeps, so a value never moves into the next minute or hour bucket. Written digit by
     * digit for years 1 to 9999: the consumer writes three per event, and {@code Instant.toString}
     * (its formatter's context and temporal objects) took 133 ns for each against 39
     * ({@code ConsumerEncodingBenchmark}). Other years take {@code Instant.toString}.
     */
    static String of(Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (epochDay < FIRST_FAST_DAY || epochDay > LAST_FAST_DAY) {
            return instant.truncatedTo(ChronoUnit.MICROS).toString();
        }
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] text = new char[27];
        digits(text, 0, 4, date.getYear());
        text[4] = '-';
        digits(text, 5, 2, date.getMonthValue());
        text[7] = '-';
        digits(text, 8, 2, date.getDayOfMonth());
        text[10] = 'T';
        digits(text, 11, 2, secondOfDay / 3600);
        text[13] = ':';
        digits(text, 14, 2, secondOfDay / 60 % 60);
        text[16] = ':';
        digits(text, 17, 2, secondOfDay % 60);
        text[19] = '.';
        digits(text, 20, 6, instant.getNano() / 1000);
        text[26] = 'Z';
        return new String(text);
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code from}. */
    private static void digits(char[] text, int from, int width, int value) {
        for (int i = from + width - 1; i >= from; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
