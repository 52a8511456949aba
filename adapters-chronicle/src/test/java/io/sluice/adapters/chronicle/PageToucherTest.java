package io.sluice.adapters.chronicle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toucher that keeps the pages ahead of the Chronicle writer in the page cache: it brings in
 * the megabyte after the last append (asked of the kernel with {@code mincore}), no further and not
 * past the end of the file, changes no byte of the queue, follows the writer into its next file, and
 * keeps going when a file it touched is deleted.
 */
class PageToucherTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final long MIB = 1 << 20;

    @TempDir
    Path temp;

    @Test
    void it_brings_the_megabyte_after_the_last_append_into_the_page_cache_and_no_more() throws Exception {
        File file = sparseFile("sparse", 16 * MIB);
        long writtenTo = 3 * MIB + 100;
        long ahead = 3 * MIB + 4096;
        long reach = writtenTo + PageToucher.AHEAD_BYTES;
        assertThat(inPageCache(file, ahead, reach)).as("a hole never read, before touching").isFalse();

        try (PageToucher toucher = new PageToucher("test-toucher")) {
            toucher.start();
            toucher.wrote(file, writtenTo);
            awaitTrue(() -> toucher.touchedTo(file) >= reach);

            assertThat(inPageCache(file, ahead, reach)).as("the megabyte after the last append, after touching").isTrue();
            assertThat(inPageCache(file, 12 * MIB, 16 * MIB)).as("pages far past the megabyte ahead").isFalse();
            assertThat(toucher.touchedTo(file)).isLessThanOrEqualTo(reach + 4096);
        }
    }

    @Test
    void it_stops_at_the_end_of_the_file() throws Exception {
        File file = sparseFile("short", 2 * MIB);
        try (PageToucher toucher = new PageToucher("test-toucher")) {
            toucher.start();
            toucher.wrote(file, 2 * MIB - 10_000);
            awaitTrue(() -> toucher.touchedTo(file) == 2 * MIB);
            Thread.sleep(50);
            assertThat(toucher.touchedTo(file)).as("never past the end").isEqualTo(2 * MIB);
            assertThat(file.length()).as("the file's length, unchanged").isEqualTo(2 * MIB);
        }
    }

    @Test
    void it_touches_ahead_of_a_chronicle_appender_and_changes_no_byte_of_the_queue() throws Exception {
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(temp.resolve("queue")).build();
                ExcerptAppender appender = queue.createAppender();
                PageToucher toucher = new PageToucher("test-toucher")) {
            List<String> written = append(appender, "before", 200);
            File file = appender.currentFile();
            long writtenTo = appender.wire().bytes().writePosition();
            long reach = Math.min(Files.size(file.toPath()), writtenTo + PageToucher.AHEAD_BYTES);
            byte[] untouched = Files.readAllBytes(file.toPath());

            toucher.start();
            toucher.wrote(appender);
            awaitTrue(() -> toucher.touchedTo(file) >= reach);

            assertThat(Files.readAllBytes(file.toPath())).as("the queue file, byte for byte, after touching").isEqualTo(untouched);
            written.addAll(append(appender, "after", 200));
            assertThat(readAll(queue)).as("every entry, written before and after touching, reads back unchanged")
                    .containsExactlyElementsOf(written);
        }
    }

    @Test
    void it_follows_the_writer_into_another_file_and_survives_a_deleted_one() throws Exception {
        File first = sparseFile("first", 4 * MIB);
        File second = sparseFile("second", 4 * MIB);
        try (PageToucher toucher = new PageToucher("test-toucher")) {
            toucher.start();
            toucher.wrote(first, 0);
            awaitTrue(() -> toucher.touchedTo(first) > 0);
            Files.delete(first.toPath());

            toucher.wrote(second, MIB);
            awaitTrue(() -> toucher.touchedTo(second) >= 2 * MIB);
            assertThat(toucher.touchedTo(first)).as("the deleted file is no longer the one touched").isEqualTo(-1);
        }
    }

    @Test
    void close_stops_its_thread() {
        PageToucher toucher = new PageToucher("test-toucher-closing");
        toucher.start();
        assertThat(threadNamed("test-toucher-closing")).isTrue();
        toucher.close();
        assertThat(threadNamed("test-toucher-closing")).as("the toucher's thread after close").isFalse();
    }

    private File sparseFile(String name, long length) throws Exception {
        File file = temp.resolve(name).toFile();
        try (RandomAccessFile sparse = new RandomAccessFile(file, "rw")) {
            sparse.setLength(length);
        }
        return file;
    }

    /** Asks the kernel (mincore, through a read-only mapping of the range) whether every page of the range is cached. */
    private static boolean inPageCache(File file, long from, long to) throws Exception {
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, from, to - from).isLoaded();
        }
    }

    private static List<String> append(ExcerptAppender appender, String prefix, int count) {
        List<String> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = prefix + "-" + i + "-" + "x".repeat(300);
            appender.writeText(text);
            written.add(text);
        }
        return written;
    }

    private static List<String> readAll(SingleChronicleQueue queue) {
        List<String> read = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer()) {
            for (String text = tailer.readText(); text != null; text = tailer.readText()) {
                read.add(text);
            }
        }
        return read;
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(thread -> thread.getName().equals(name) && thread.isAlive());
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("the toucher got there within " + PATIENCE).isTrue();
            Thread.sleep(5);
        }
    }
}
