package io.sluice.loadgen;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic user events, like seed 003's simulator: a fixed population of users, event types
 * drawn by weight (page_view .40, click .30, search .15, login/logout/purchase .05 each), per-type
 * {@code event_data}, and durations. One instance per sending thread (not thread-safe).
 */
final class TrafficModel {

    private static final String[] TYPES = {"page_view", "click", "search", "login", "logout", "purchase"};
    private static final double[] CUMULATIVE = {0.40, 0.70, 0.85, 0.90, 0.95, 1.00};
    private static final String[] PAGES = {"/home", "/pricing", "/docs", "/blog", "/signup", "/cart", "/checkout", "/account"};
    private static final String[] REFERRERS = {"google.com", "direct", "twitter.com", "newsletter", "github.com"};
    private static final String[] ELEMENTS = {"button", "link", "image", "menu"};
    private static final String[] QUERIES = {"pricing", "kafka", "exactly once", "postgres", "dashboard", "api key"};

    private final SplittableRandom random;
    private final int users;
    private final String prefix;
    private long sequence;

    TrafficModel(long seed, int users, String prefix) {
        this.random = new SplittableRandom(seed);
        this.users = users;
        this.prefix = prefix;
    }

    /** The next event in Sluice's native shape (seed 003's field names). */
    Map<String, Object> next(Instant now) {
        String type = TYPES[pick()];
        int user = random.nextInt(users);
        Map<String, Object> event = new LinkedHashMap<>(8);
        event.put("event_id", prefix + "-" + (sequence++));
        event.put("user_id", "user_" + user);
        event.put("event_type", type);
        event.put("timestamp", now.toString());
        event.put("session_id", "session_" + user + "_" + (sequence / 50));
        event.put("duration_seconds", Math.round(-Math.log(1 - random.nextDouble()) * 30 * 100) / 100.0);
        event.put("event_data", data(type));
        return event;
    }

    private Map<String, Object> data(String type) {
        Map<String, Object> data = new LinkedHashMap<>(6);
        switch (type) {
            case "page_view" -> {
                data.put("page_url", PAGES[random.nextInt(PAGES.length)]);
                data.put("referrer", REFERRERS[random.nextInt(REFERRERS.length)]);
                data.put("user_agent", "Mozilla/5.0 (X11; Linux x86_64)");
            }
            case "click" -> {
                data.put("element_id", "el-" + random.nextInt(200));
                data.put("element_type", ELEMENTS[random.nextInt(ELEMENTS.length)]);
            }
            case "search" -> {
                data.put("query", QUERIES[random.nextInt(QUERIES.length)]);
                data.put("results_count", random.nextInt(120));
            }
            case "purchase" -> {
                data.put("order_id", "order_" + random.nextInt(1_000_000));
                data.put("amount", Math.round(random.nextDouble(5, 400) * 100) / 100.0);
                data.put("currency", "USD");
                data.put("item_count", 1 + random.nextInt(5));
            }
            default -> data.put("method", random.nextBoolean() ? "password" : "sso");
        }
        return data;
    }

    /** Exponential inter-arrival gap for a Poisson process of the given rate. */
    long nextGapNanos(double perSecond) {
        return (long) (-Math.log(1 - random.nextDouble()) / perSecond * 1e9);
    }

    private int pick() {
        double u = random.nextDouble();
        for (int i = 0; i < CUMULATIVE.length; i++) {
            if (u < CUMULATIVE[i]) {
                return i;
            }
        }
        return CUMULATIVE.length - 1;
    }
}
