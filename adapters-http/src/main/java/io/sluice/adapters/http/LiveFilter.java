package io.sluice.adapters.http;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one viewer asked to see: {@code type}, {@code user}, {@code source} (exact matches) and
 * {@code status} (one or more of accepted, rejected, stored, comma-separated). Notices about
 * whole batches pass every filter. Immutable.
 */
record LiveFilter(String type, String user, String source, Set<LiveItem.Status> statuses) {

    static final LiveFilter ALL = new LiveFilter(null, null, null, EnumSet.allOf(LiveItem.Status.class));

    /** @throws HttpProblem 400 for an unknown status */
    static LiveFilter of(String type, String user, String source, String status) {
        Set<LiveItem.Status> statuses = EnumSet.of(LiveItem.Status.NOTICE);
        if (status == null || status.isBlank()) {
            statuses = EnumSet.allOf(LiveItem.Status.class);
        } else {
            for (String part : status.split(",")) {
                switch (part.trim().toLowerCase(Locale.ROOT)) {
                    case "accepted" -> statuses.add(LiveItem.Status.ACCEPTED);
                    case "rejected" -> statuses.addAll(EnumSet.of(LiveItem.Status.REJECTED, LiveItem.Status.DEAD_LETTERED));
                    case "stored" -> statuses.add(LiveItem.Status.STORED);
                    default -> throw HttpProblem.invalidParameter("status", "must be accepted, rejected or stored (comma-separated)");
                }
            }
        }
        return new LiveFilter(blankToNull(type), blankToNull(user), blankToNull(source), statuses);
    }

    boolean passesAll() {
        return type == null && user == null && source == null && statuses.size() == LiveItem.Status.values().length;
    }

    boolean matches(LiveItem item) {
        if (item.status() == LiveItem.Status.NOTICE) {
            return true;
        }
        return statuses.contains(item.status())
                && (type == null || type.equals(item.type()))
                && (user == null || user.equals(item.user()))
                && (source == null || source.equals(item.source()));
    }

    /** The items this viewer wants: the same list when it wants everything. */
    List<LiveItem> select(List<LiveItem> items) {
        if (passesAll()) {
            return items;
        }
        List<LiveItem> selected = new ArrayList<>();
        for (LiveItem item : items) {
            if (matches(item)) {
                selected.add(item);
            }
        }
        return selected;
    }

    /** How many of {@code items} this viewer wants. */
    int count(List<LiveItem> items) {
        if (passesAll()) {
            return items.size();
        }
        int wanted = 0;
        for (LiveItem item : items) {
            if (matches(item)) {
                wanted++;
            }
        }
        return wanted;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
