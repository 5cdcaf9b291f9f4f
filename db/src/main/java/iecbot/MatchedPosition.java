package iecbot;

import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.bson.Document;

import java.lang.reflect.Field;

/**
 * A collection's matcher whose {@code matchPosition} leaves out the filter's {@code _id} condition.
 *
 * <p>mongo-java-server's update and findAndModify run the whole filter a second time on each document the query
 * returned, only to find the array position the positional operator {@code $} refers to. For
 * {@code updateMany({_id: {$in: [n ids]}, …})} that walks the list once per document: n × n comparisons. The document
 * already satisfied the filter, and {@code _id} is never an array, so its condition cannot decide a position: the
 * answer without it is the same. {@code matches}, which decides which documents a scan returns, is the library's own.
 */
final class MatchedPosition implements QueryMatcher {
    private static final String ID = "_id";
    private final QueryMatcher library;

    private MatchedPosition(QueryMatcher library) {
        this.library = library;
    }

    /** Puts this matcher in {@code collection} in place of the one its constructor made (a private field of the library's). */
    static void install(AbstractMongoCollection<?> collection) {
        try {
            Field field = AbstractMongoCollection.class.getDeclaredField("matcher");
            field.setAccessible(true);
            field.set(collection, new MatchedPosition((QueryMatcher) field.get(collection)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mongo-java-server's collection has no matcher field: was the library upgraded?", e);
        }
    }

    @Override
    public boolean matches(Document document, Document query) {
        return library.matches(document, query);
    }

    @Override
    public boolean matchesValue(Object queryValue, Object value) {
        return library.matchesValue(queryValue, value);
    }

    @Override
    public Integer matchPosition(Document document, Document query) {
        if (!query.containsKey(ID)) {
            return library.matchPosition(document, query);
        }
        Document rest = new Document(query);
        rest.remove(ID);
        return library.matchPosition(document, rest);
    }
}
