package iecbot;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/** mongo-java-server's on-disk (H2) backend, whose collections answer a filter with an {@code _id} look-up from the {@code _id} index ({@link IdLookup}). */
final class IdFirstH2Backend extends H2Backend {
    IdFirstH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static final class Database extends H2Database {
        private final MVStore store;
        /** False while H2Database's constructor runs: the collections it opens then need {@link #store}. */
        private boolean constructed;

        Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
            this.store = store;
            this.constructed = true;
            super.initializeNamespacesAndIndexes();
        }

        @Override
        protected void initializeNamespacesAndIndexes() {
            if (constructed) {
                super.initializeNamespacesAndIndexes();
            }
        }

        /** As H2Database's own (mongo-java-server 1.47.0): the same map names, so existing data folders open as before. */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> dataMap = store.openMap("databases." + fullName);
            MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
            return new Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {
        Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> dataMap,
                   MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
            MatchedPosition.install(this);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                             Document fieldSelector) {
            return IdLookup.query(getIndexes(), query,
                (rest, byId) -> matchDocuments(rest, byId, orderBy, numberToSkip, limit, batchSize, fieldSelector),
                () -> super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector));
        }
    }
}
