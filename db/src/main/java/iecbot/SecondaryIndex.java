package iecbot;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A non-unique index (MongoDB's ordinary secondary index), which mongo-java-server accepts but ignores: the declared
 * keys of every document, kept in order in memory and rebuilt from the documents when the server opens a data folder.
 *
 * <p>It only ever narrows: {@link IndexPlanner} takes from it the documents whose keys can satisfy a filter's
 * equality, {@code $in} or range conditions, and the collection's own matcher checks the whole filter on each of them,
 * so the answer is the scan's. An entry is the key values followed by the document's {@code _id}, so equal keys keep
 * the {@code _id} order and every entry is distinct. An array value is indexed by each of its elements (an empty one
 * as null), as MongoDB's multikey indexes are; a multikey index never gives a sort order. A missing field is indexed
 * as null; a sparse index leaves out documents missing every key, and then answers no condition that null satisfies.
 */
final class SecondaryIndex<P> extends Index<P> {
    /** Bounds in a look-up: below and above every value. */
    static final Object LOW = new Object();
    static final Object HIGH = new Object();

    private final boolean sparse;
    private final ConcurrentSkipListMap<Object[], P> entries = new ConcurrentSkipListMap<>(SecondaryIndex::compareEntries);
    private volatile boolean multikey;
    /** False while it is being built from a collection's documents: the planner leaves it alone until then. */
    private volatile boolean built = true;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.sparse = sparse;
    }

    boolean sparseIndex() {
        return sparse;
    }

    boolean isBuilt() {
        return built;
    }

    void setBuilt(boolean built) {
        this.built = built;
    }

    boolean isMultikey() {
        return multikey;
    }

    /** The entries from {@code lower} to {@code upper} (both inclusive; LOW / HIGH pad what they leave open). */
    NavigableMap<Object[], P> range(Object[] lower, Object[] upper) {
        return entries.subMap(lower, true, upper, true);
    }

    private List<Object[]> entriesOf(Document document) {
        List<List<Object>> tuples = new ArrayList<>();
        tuples.add(new ArrayList<>());
        boolean allMissing = true;
        for (IndexKey key : getKeys()) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, key.getKey());
            if (!(value instanceof Missing)) {
                allMissing = false;
            }
            List<Object> values = new ArrayList<>();
            if (value instanceof Collection) {
                multikey = true;
                Collection<?> elements = (Collection<?>) value;
                if (elements.isEmpty()) {
                    values.add(null);
                }
                for (Object element : new LinkedHashSet<>(elements)) {
                    values.add(element instanceof Missing ? null : element);
                }
            } else {
                values.add(value instanceof Missing ? null : value);
            }
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> tuple : tuples) {
                for (Object v : values) {
                    List<Object> longer = new ArrayList<>(tuple);
                    longer.add(v);
                    next.add(longer);
                }
            }
            tuples = next;
        }
        List<Object[]> result = new ArrayList<>();
        if (sparse && allMissing) {
            return result;
        }
        Object id = document.get("_id");
        for (List<Object> tuple : tuples) {
            tuple.add(id);
            result.add(tuple.toArray());
        }
        return result;
    }

    @Override
    public P getPosition(Document document) {
        List<Object[]> mine = entriesOf(document);
        return mine.isEmpty() ? null : entries.get(mine.get(0));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing to check
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        for (Object[] entry : entriesOf(document)) {
            entries.put(entry, position);
        }
    }

    @Override
    public P remove(Document document) {
        P position = null;
        for (Object[] entry : entriesOf(document)) {
            P removed = entries.remove(entry);
            if (removed != null) {
                position = removed;
            }
        }
        return position;
    }

    /** Never through the library's own planning: {@link IndexPlanner} uses it. */
    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        throw new UnsupportedOperationException("use IndexPlanner");
    }

    @Override
    public long getCount() {
        return entries.size();
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing to check
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        List<Object[]> before = entriesOf(oldDocument);
        List<Object[]> after = entriesOf(newDocument);
        for (Object[] entry : before) {
            entries.remove(entry);
        }
        for (Object[] entry : after) {
            entries.put(entry, position);
        }
    }

    @Override
    public void drop() {
        entries.clear();
    }

    private static int compareEntries(Object[] a, Object[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int c = compareValues(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    /**
     * The key order: ValueComparator's (the order the collection's matcher compares by), except numbers, which it
     * compares as longs when either is a long (not a total order: 5L = 5.5 but 5.0 < 5.5), compared here by value.
     */
    private static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == LOW || b == HIGH) {
            return -1;
        }
        if (a == HIGH || b == LOW) {
            return 1;
        }
        if (a instanceof Number && b instanceof Number) {
            return compareNumbers((Number) a, (Number) b);
        }
        return ValueComparator.ascWithoutListHandling().compare(a, b);
    }

    private static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (!(a instanceof Decimal128) && !(b instanceof Decimal128) && !isIntegral(a) && !isIntegral(b)) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        double da = a.doubleValue();
        double db = b.doubleValue();
        if (Double.isNaN(da) || Double.isNaN(db) || Double.isInfinite(da) || Double.isInfinite(db)) {
            return Double.compare(da, db);
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Decimal128) {
            return ((Decimal128) n).toBigDecimal();
        }
        if (isIntegral(n)) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal(n.doubleValue());
    }

    /** The keys' names, in order. */
    List<String> keyNames() {
        List<String> names = new ArrayList<>();
        for (IndexKey key : getKeys()) {
            names.add(key.getKey());
        }
        return names;
    }
}
