package iecbot;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which documents a filter can match, from the collection's {@link SecondaryIndex}es, as MongoDB's planner picks an
 * index: the one whose leading keys the filter pins with equalities ({@code value}, {@code $eq}, {@code $in} of plain
 * values) the furthest, then a range ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}) on the key after them.
 * A top-level {@code $or} whose every branch can be planned is answered as the union of its branches. When the sort
 * is the index's keys after the pinned ones, all ascending or all descending, and the index is not
 * multikey, the documents come in that order, so a page stops after its limit instead of sorting every match.
 *
 * <p>Every other condition (and every condition on a key the index does not reach) is left to the collection's
 * matcher, which checks the whole filter on each document given: a plan may give more documents than match, never
 * fewer. A filter nothing here can narrow, without a sort an index gives, is scanned as before.
 */
final class IndexPlanner {
    /** The most key combinations one look-up walks ({@code $in} × {@code $in} on a compound index). */
    private static final int MAX_COMBINATIONS = 1_000;

    private IndexPlanner() {
    }

    /** The documents to check, in the sort's order when {@code ordered}; null when the filter is best scanned. */
    static final class Plan<P> {
        final Iterable<P> positions;
        final boolean ordered;

        Plan(Iterable<P> positions, boolean ordered) {
            this.positions = positions;
            this.ordered = ordered;
        }
    }

    /** One key's conditions from the filter: equal to one of {@code points}, or within the bounds. */
    private static final class Bounds {
        List<Object> points;
        Object lower = SecondaryIndex.LOW;
        Object upper = SecondaryIndex.HIGH;

        boolean isRange() {
            return points == null && (lower != SecondaryIndex.LOW || upper != SecondaryIndex.HIGH);
        }

        boolean admitsNull() {
            if (points != null) {
                return points.contains(null);
            }
            return lower == SecondaryIndex.LOW || lower == null; // null sorts below every other value
        }
    }

    /** Answers a filter from positions (the filter checked on each, sorted by the order given, if any). */
    interface FromPositions<P> {
        QueryResult match(Iterable<P> positions, Document orderBy);
    }

    /**
     * A collection's query: the library's own plan when one of its (unique) indexes answers the filter exactly; else
     * this planner's, when it has one; else {@code library} (the library's scan).
     */
    static <P> QueryResult query(List<Index<P>> indexes, Document query, Document orderBy, int limit, FromPositions<P> fromPositions,
                                 Supplier<QueryResult> library) {
        for (Index<P> index : indexes) {
            if (!(index instanceof SecondaryIndex) && index.canHandle(query)) {
                return library.get();
            }
        }
        Plan<P> plan = plan(indexes, query, orderBy, limit);
        if (plan == null) {
            return library.get();
        }
        return fromPositions.match(plan.positions, plan.ordered ? null : orderBy);
    }

    static <P> Plan<P> plan(List<Index<P>> indexes, Document query, Document orderBy, int limit) {
        List<SecondaryIndex<P>> secondary = new ArrayList<>();
        for (Index<P> index : indexes) {
            if (index instanceof SecondaryIndex && ((SecondaryIndex<P>) index).isBuilt()) {
                secondary.add((SecondaryIndex<P>) index);
            }
        }
        if (secondary.isEmpty()) {
            return null;
        }
        Map<String, Bounds> conditions = conditions(query);
        Object or = query.get("$or");
        if (or instanceof Collection && !((Collection<?>) or).isEmpty()) {
            Plan<P> union = union(secondary, conditions, (Collection<?>) or);
            if (union != null) {
                return union;
            }
        }
        return single(secondary, conditions, sortKeys(orderBy), limit);
    }

    /** The union of the branches' documents, when every branch (with the filter's other conditions) can be planned. */
    private static <P> Plan<P> union(List<SecondaryIndex<P>> indexes, Map<String, Bounds> outer, Collection<?> branches) {
        Set<P> positions = new LinkedHashSet<>();
        for (Object branch : branches) {
            if (!(branch instanceof Document)) {
                return null;
            }
            Map<String, Bounds> merged = new LinkedHashMap<>(conditions((Document) branch));
            outer.forEach(merged::putIfAbsent);
            Plan<P> plan = single(indexes, merged, null, 0);
            if (plan == null) {
                return null;
            }
            for (P p : plan.positions) {
                positions.add(p);
            }
        }
        return new Plan<>(positions, false);
    }

    /**
     * The cheapest plan by the entries it walks, counted in the index (in memory; reading the documents is what costs):
     * the index whose ranges hold the fewest entries, or one that gives the sort when the page it must fill is likely to
     * come sooner than reading every candidate of the narrowest (limit × its entries ÷ the narrowest's entries, as if
     * the matches were spread evenly).
     */
    private static <P> Plan<P> single(List<SecondaryIndex<P>> indexes, Map<String, Bounds> conditions, List<Map.Entry<String, Integer>> sort,
                                      int limit) {
        Candidate<P> narrowest = null;
        Candidate<P> orderedBest = null;
        for (SecondaryIndex<P> index : indexes) {
            int pinned = pinnedKeys(index, conditions);
            if (pinned < 0) {
                continue;
            }
            List<String> keys = index.keyNames();
            Bounds next = pinned < keys.size() ? conditions.get(keys.get(pinned)) : null;
            boolean range = next != null && next.isRange();
            int direction = sort == null ? 0 : givesOrder(index, conditions, pinned, sort);
            if (pinned == 0 && !range && direction == 0) {
                continue; // walks every entry, and gives no order
            }
            Candidate<P> c = new Candidate<>(index, conditions, pinned);
            long cap = narrowest == null ? COUNT_CAP : narrowest.entries;
            c.entries = c.count(direction == 0 ? cap : COUNT_CAP);
            c.direction = direction;
            if ((pinned > 0 || range) && (narrowest == null || c.entries < narrowest.entries)) {
                narrowest = c;
            }
            if (direction != 0 && (orderedBest == null || c.entries < orderedBest.entries)) {
                orderedBest = c;
            }
        }
        Candidate<P> chosen = narrowest;
        if (orderedBest != null) {
            long narrowestEntries = narrowest == null ? Long.MAX_VALUE : narrowest.entries;
            boolean pageSooner = limit > 0 && (double) limit * orderedBest.entries / Math.max(1, narrowestEntries) <= narrowestEntries;
            if (orderedBest.entries <= narrowestEntries || pageSooner) {
                chosen = orderedBest;
            }
        }
        if (chosen == null) {
            return null;
        }
        boolean ordered = chosen.direction != 0;
        return new Plan<>(walk(chosen.index, chosen.lowers, chosen.uppers, ordered ? chosen.direction : 1), ordered);
    }

    /** Counting a candidate's entries stops here: past it, the plan is as costly as any. */
    private static final long COUNT_CAP = 20_000;

    /** An index with the look-ups the conditions give it, and how many entries they hold. */
    private static final class Candidate<P> {
        final SecondaryIndex<P> index;
        final List<Object[]> lowers = new ArrayList<>();
        final List<Object[]> uppers = new ArrayList<>();
        long entries;
        int direction;

        Candidate(SecondaryIndex<P> index, Map<String, Bounds> conditions, int pinned) {
            this.index = index;
            bounds(index, conditions, pinned, lowers, uppers);
        }

        /** The entries in the look-ups' ranges, counted up to {@code cap} (then cap + 1). */
        long count(long cap) {
            long n = 0;
            for (int i = 0; i < lowers.size(); i++) {
                for (Object ignored : index.range(lowers.get(i), uppers.get(i)).keySet()) {
                    if (++n > cap) {
                        return n;
                    }
                }
            }
            return n;
        }
    }

    /**
     * How many leading keys the conditions pin to points (-1: the index cannot be used soundly: a sparse index, whose
     * leading key's condition null satisfies, misses the documents without that key).
     */
    private static <P> int pinnedKeys(SecondaryIndex<P> index, Map<String, Bounds> conditions) {
        List<String> keys = index.keyNames();
        Bounds first = conditions.get(keys.get(0));
        if (index.sparseIndex() && (first == null || first.admitsNull())) {
            return -1;
        }
        int pinned = 0;
        int combinations = 1;
        for (String key : keys) {
            Bounds b = conditions.get(key);
            if (b == null || b.points == null || combinations * b.points.size() > MAX_COMBINATIONS) {
                break;
            }
            combinations *= b.points.size();
            pinned++;
        }
        return pinned;
    }

    /**
     * 1 when the index's entries, under the pinned keys (each pinned to one value), come in the sort's order, -1 when in
     * its reverse, 0 when the index does not give it.
     */
    private static <P> int givesOrder(SecondaryIndex<P> index, Map<String, Bounds> conditions, int pinned,
                                      List<Map.Entry<String, Integer>> sort) {
        if (index.isMultikey()) {
            return 0;
        }
        List<String> keys = index.keyNames();
        for (int i = 0; i < pinned; i++) {
            if (conditions.get(keys.get(i)).points.size() != 1) {
                return 0;
            }
        }
        if (pinned + sort.size() > keys.size()) {
            return 0;
        }
        // entries are kept in ascending order whatever direction the index declares: a sort all one way is walked that way
        int direction = 0;
        for (int i = 0; i < sort.size(); i++) {
            Map.Entry<String, Integer> s = sort.get(i);
            if (!keys.get(pinned + i).equals(s.getKey()) || (direction != 0 && s.getValue() != direction)) {
                return 0;
            }
            direction = s.getValue();
        }
        return direction;
    }

    /** The look-ups' bounds: one per combination of the pinned keys' points, each with the next key's range. */
    private static <P> void bounds(SecondaryIndex<P> index, Map<String, Bounds> conditions, int pinned, List<Object[]> lowers,
                                   List<Object[]> uppers) {
        List<String> keys = index.keyNames();
        List<List<Object>> prefixes = new ArrayList<>();
        prefixes.add(new ArrayList<>());
        for (int i = 0; i < pinned; i++) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : prefixes) {
                for (Object point : conditions.get(keys.get(i)).points) {
                    List<Object> longer = new ArrayList<>(prefix);
                    longer.add(point);
                    next.add(longer);
                }
            }
            prefixes = next;
        }
        // an exclusive bound ($gt, $lt) still walks its own value's entries: the matcher leaves them out
        Bounds range = pinned < keys.size() ? conditions.get(keys.get(pinned)) : null;
        boolean useRange = range != null && range.isRange();
        int width = keys.size() + 1; // the keys and the _id
        for (List<Object> prefix : prefixes) {
            Object[] lower = new Object[width];
            Object[] upper = new Object[width];
            for (int i = 0; i < width; i++) {
                lower[i] = i < prefix.size() ? prefix.get(i) : SecondaryIndex.LOW;
                upper[i] = i < prefix.size() ? prefix.get(i) : SecondaryIndex.HIGH;
            }
            if (useRange) {
                lower[pinned] = range.lower;
                upper[pinned] = range.upper;
            }
            lowers.add(lower);
            uppers.add(upper);
        }
    }

    /** The positions in the look-ups' ranges, one range after the other (each in the direction asked). */
    private static <P> Iterable<P> walk(SecondaryIndex<P> index, List<Object[]> lowers, List<Object[]> uppers, int direction) {
        List<NavigableMap<Object[], P>> ranges = new ArrayList<>();
        for (int i = 0; i < lowers.size(); i++) {
            NavigableMap<Object[], P> r = index.range(lowers.get(i), uppers.get(i));
            ranges.add(direction < 0 ? r.descendingMap() : r);
        }
        if (ranges.size() == 1) {
            return ranges.get(0).values();
        }
        Set<P> distinct = new LinkedHashSet<>();
        for (NavigableMap<Object[], P> r : ranges) {
            distinct.addAll(r.values());
        }
        return distinct;
    }

    /** The sort's keys and directions (null for none or {@code $natural}). */
    private static List<Map.Entry<String, Integer>> sortKeys(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return null;
        }
        List<Map.Entry<String, Integer>> keys = new ArrayList<>();
        for (String key : orderBy.keySet()) {
            Object v = orderBy.get(key);
            if (key.startsWith("$") || !(v instanceof Number)) {
                return null;
            }
            keys.add(Map.entry(key, ((Number) v).doubleValue() < 0 ? -1 : 1));
        }
        return keys;
    }

    /** The filter's usable conditions by field, from its top level and its top-level {@code $and}. */
    private static Map<String, Bounds> conditions(Document query) {
        Map<String, Bounds> result = new LinkedHashMap<>();
        collect(query, result);
        return result;
    }

    private static void collect(Document query, Map<String, Bounds> result) {
        for (Map.Entry<String, Object> e : query.entrySet()) {
            String field = e.getKey();
            Object value = e.getValue();
            if (field.equals("$and") && value instanceof Collection) {
                for (Object part : (Collection<?>) value) {
                    if (part instanceof Document) {
                        collect((Document) part, result);
                    }
                }
                continue;
            }
            if (field.startsWith("$") || result.containsKey(field)) {
                continue; // the first usable condition on a field narrows; the matcher checks the others
            }
            Bounds b = boundsOf(value);
            if (b != null) {
                result.put(field, b);
            }
        }
    }

    private static Bounds boundsOf(Object value) {
        if (isPlain(value)) {
            Bounds b = new Bounds();
            b.points = new ArrayList<>();
            b.points.add(value);
            return b;
        }
        if (!(value instanceof Document) || BsonRegularExpression.isRegularExpression(value)) {
            return null;
        }
        Document ops = (Document) value;
        if (ops.isEmpty() || !ops.keySet().iterator().next().startsWith("$")) {
            return null; // equality with a whole document
        }
        Bounds b = new Bounds();
        boolean any = false;
        for (Map.Entry<String, Object> op : ops.entrySet()) {
            Object v = op.getValue();
            switch (op.getKey()) {
                case "$eq":
                    if (isPlain(v) && b.points == null) {
                        b.points = new ArrayList<>();
                        b.points.add(v);
                        any = true;
                    }
                    break;
                case "$in":
                    if (v instanceof Collection && b.points == null && ((Collection<?>) v).stream().allMatch(IndexPlanner::isPlain)) {
                        List<Object> points = new ArrayList<>();
                        for (Object p : (Collection<?>) v) {
                            points.add(p);
                        }
                        if (!points.isEmpty()) {
                            b.points = points;
                            any = true;
                        }
                    }
                    break;
                case "$gt":
                case "$gte":
                    if (isPlain(v) && b.lower == SecondaryIndex.LOW) {
                        b.lower = v;
                        any = true;
                    }
                    break;
                case "$lt":
                case "$lte":
                    if (isPlain(v) && b.upper == SecondaryIndex.HIGH) {
                        b.upper = v;
                        any = true;
                    }
                    break;
                default:
                    break; // left to the matcher
            }
        }
        return any ? b : null;
    }

    /** A value an index entry can equal: not a document, array or regular expression (those the matcher handles). */
    private static boolean isPlain(Object value) {
        return !(value instanceof Document) && !(value instanceof Collection) && !(value instanceof Pattern)
            && !(value instanceof BsonRegularExpression);
    }
}
