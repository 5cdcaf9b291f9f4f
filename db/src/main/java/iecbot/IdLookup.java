package iecbot;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The query planner's one addition to mongo-java-server: a filter with an {@code _id} condition beside others
 * (a revision-checked update {@code {_id, revision}}, a lease {@code {_id, 'lease.holder'}}) is answered from the
 * {@code _id} index, as MongoDB does, instead of a scan of the whole collection. mongo-java-server uses an index
 * only when the filter names exactly its keys; here the {@code _id} index gives the documents whose {@code _id}
 * matches, and the whole filter is then checked on each of them (the collection's own matcher), so the answer is
 * the same as the scan's. Only the {@code _id} index is used this way: it is never sparse or partial, so every
 * document is in it.
 */
final class IdLookup {
    private static final String ID = "_id";

    private IdLookup() {
    }

    /**
     * A collection's query: {@code fromPositions} checks the whole query on the documents the {@code _id} index gives,
     * when it can give them; else {@code planned}, the collection's own planning.
     */
    static <P> QueryResult query(List<Index<P>> indexes, Document query, Function<Iterable<P>, QueryResult> fromPositions,
                                 Supplier<QueryResult> planned) {
        Iterable<P> byId = positions(indexes, query);
        return byId == null ? planned.get() : fromPositions.apply(byId);
    }

    /**
     * The positions of the documents the {@code _id} condition of {@code query} selects, or null when the query
     * has no {@code _id} condition beside others or the index cannot answer it (a range on {@code _id}): then the
     * collection plans the query as it always does.
     */
    private static <P> Iterable<P> positions(List<Index<P>> indexes, Document query) {
        if (query.size() < 2 || !query.containsKey(ID)) {
            return null;
        }
        Document byId = new Document(ID, query.get(ID));
        for (Index<P> index : indexes) {
            if (index.canHandle(byId)) {
                return index.getPositions(byId);
            }
        }
        return null;
    }
}
