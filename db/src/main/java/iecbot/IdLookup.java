package iecbot;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The query planner's one addition to mongo-java-server: a filter with an {@code _id} condition the {@code _id} index
 * can answer (equality or {@code $in}), alone or beside others (a revision-checked update {@code {_id, revision}}, a
 * lease {@code {_id, 'lease.holder'}}), is answered from that index, as MongoDB does.
 *
 * <p>mongo-java-server uses an index only when the filter names exactly its keys, and then checks the whole filter
 * again on every document the index gave. For {@code {_id: {$in: [n ids]}}} that check walks the list for each
 * document, n × n comparisons: 1,000 ids took longer than a scan of 20,000 documents. Here the index gives exactly the
 * documents whose {@code _id} satisfies the condition, so only the rest of the filter is checked on them (the
 * collection's own matcher; an empty rest matches every one), and the answer is the scan's. Only the {@code _id}
 * index is used this way: it is unique, never sparse or partial, so every document is in it.
 */
final class IdLookup {
    private static final String ID = "_id";

    private IdLookup() {
    }

    /**
     * A collection's query: {@code fromPositions} checks the rest of the query (without its {@code _id} condition) on
     * the documents the {@code _id} index gives, when it can give them; else {@code planned}, the collection's own
     * planning.
     */
    static <P> QueryResult query(List<Index<P>> indexes, Document query,
                                 BiFunction<Document, Iterable<P>, QueryResult> fromPositions, Supplier<QueryResult> planned) {
        if (!query.containsKey(ID)) {
            return planned.get();
        }
        Document byId = new Document(ID, query.get(ID));
        for (Index<P> index : indexes) {
            if (index.canHandle(byId)) {
                Document rest = new Document(query);
                rest.remove(ID);
                return fromPositions.apply(rest, index.getPositions(byId));
            }
        }
        return planned.get(); // a range on _id, which the index cannot answer
    }
}
