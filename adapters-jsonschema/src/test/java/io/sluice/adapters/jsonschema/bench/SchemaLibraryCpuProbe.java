package io.sluice.adapters.jsonschema.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * {@link SchemaLibraryBenchmark}'s variants timed by the thread's own CPU time instead of the wall
 * clock. On the shared two-core machine (load 5–10) JMH's wall time per operation mostly measures
 * the scheduler (iterations of one variant ranged 3–10 × apart); CPU time is still inflated by
 * contention, but far less. The variants run round-robin, so a change of load hits each alike; the
 * first three rounds are JIT warm-up and are not reported. Not a JMH benchmark: run it with
 * {@code java -cp <the classpath bench/jmh writes> io.sluice.adapters.jsonschema.bench.SchemaLibraryCpuProbe [rounds] [ops]}.
 */
public final class SchemaLibraryCpuProbe {

    private static final int WARM_ROUNDS = 3;

    private SchemaLibraryCpuProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        SchemaLibraryBenchmark b = new SchemaLibraryBenchmark();
        b.setUp();
        Map<String, IntSupplier> variants = new LinkedHashMap<>();
        variants.put("adapterValid", b::adapterValid);
        variants.put("networkntReadyTreeValid", b::networkntReadyTreeValid);
        variants.put("networkntPreloadedValid", b::networkntPreloadedValid);
        variants.put("networkntBooleanValid", () -> b.networkntBooleanValid() ? 0 : 1);
        variants.put("harrelValid", b::harrelValid);
        variants.put("adapterInvalid", b::adapterInvalid);
        variants.put("harrelInvalid", b::harrelInvalid);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> perOp = new LinkedHashMap<>();
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, IntSupplier> variant : variants.entrySet()) {
                long start = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < ops; i++) {
                    sink += variant.getValue().getAsInt();
                }
                double ns = (cpu.getCurrentThreadCpuTime() - start) / (double) ops;
                if (round >= WARM_ROUNDS) {
                    perOp.computeIfAbsent(variant.getKey(), k -> new ArrayList<>()).add(ns);
                }
            }
        }
        for (Map.Entry<String, List<Double>> result : perOp.entrySet()) {
            double[] sorted = result.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("%-26s CPU ns/op: min %6.0f  median %6.0f  max %6.0f  (%d rounds of %d)%n", result.getKey(), sorted[0],
                    sorted[sorted.length / 2], sorted[sorted.length - 1], sorted.length, ops);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
