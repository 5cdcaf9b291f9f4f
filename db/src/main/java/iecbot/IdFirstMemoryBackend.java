package iecbot;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * mongo-java-server's in-memory backend, whose collections answer a filter with an {@code _id} look-up from the
 * {@code _id} index ({@link IdLookup}), keep the declared non-unique indexes ({@link SecondaryIndex}) and answer other
 * filters from them ({@link IndexPlanner}, also for an aggregation's leading {@code $match}: {@link IndexedAggregate}).
 */
final class IdFirstMemoryBackend extends MemoryBackend {
    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {
        Database(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, cursorRegistry);
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex<>(indexName, keys, sparse);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
            Document planned = IndexedAggregate.answer(this, command, query, resolver, oplog);
            return planned != null ? planned : super.handleCommand(channel, command, query, resolver, oplog);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class Collection extends MemoryCollection {
        Collection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
            MatchedPosition.install(this);
        }

        /** The documents at an index's positions, lazily; one deleted since the index gave it (a read beside a write) is left out. */
        private Stream<Document> documentsAt(Iterable<Integer> positions) {
            return StreamSupport.stream(positions.spliterator(), false).map(this::getDocument).filter(Objects::nonNull);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            return IdLookup.query(getIndexes(), query,
                (rest, byId) -> matchDocuments(rest, byId, orderBy, numberToSkip, limit, batchSize, fieldSelector),
                () -> IndexPlanner.query(getIndexes(), query, orderBy, limit > 0 ? numberToSkip + limit : 0,
                    (positions, order) -> matchDocumentsFromStream(documentsAt(positions), query, order, numberToSkip, limit, batchSize,
                        fieldSelector),
                    () -> super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector)));
        }
    }
}
