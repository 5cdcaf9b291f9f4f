package iecbot;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * mongo-java-server's on-disk (H2) backend, whose collections answer a filter with an {@code _id} look-up from the
 * {@code _id} index ({@link IdLookup}), keep the declared non-unique indexes ({@link SecondaryIndex}, in memory, rebuilt
 * behind the requests when a data folder opens) and answer other filters from them ({@link IndexPlanner}, also for an
 * aggregation's leading {@code $match}: {@link IndexedAggregate}).
 */
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
        /** The collections opened with the data folder: their secondary indexes are built once every one is declared. */
        private final List<Collection> opening = new ArrayList<>();
        /** True once the data folder's collections and indexes are open. */
        private boolean constructedFully;

        Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
            this.store = store;
            this.constructed = true;
            super.initializeNamespacesAndIndexes();
            constructedFully = true;
            for (Collection collection : opening) {
                collection.startIndexBuilds();
            }
            opening.clear();
        }

        @Override
        protected void initializeNamespacesAndIndexes() {
            if (constructed) {
                super.initializeNamespacesAndIndexes();
            }
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex<>(indexName, keys, sparse);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver, Oplog oplog) {
            Document planned = IndexedAggregate.answer(this, command, query, resolver, oplog);
            return planned != null ? planned : super.handleCommand(channel, command, query, resolver, oplog);
        }

        /** As H2Database's own (mongo-java-server 1.47.0): the same map names, so existing data folders open as before. */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> dataMap = store.openMap("databases." + fullName);
            MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
            Collection collection = new Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
            if (!constructedFully) {
                opening.add(collection);
                collection.opening = true;
            }
            return collection;
        }
    }

    private static final class Collection extends H2Collection {
        /** Builds secondary indexes of collections that already hold documents, one at a time, behind the requests. */
        private static final ExecutorService BUILDS = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "secondary-index-build");
            t.setDaemon(true);
            return t;
        });
        /** Documents indexed per hold of the collection's lock while an index is built (writes wait at most that long). */
        private static final int BUILD_CHUNK = 500;

        private final MVMap<Object, Document> data;
        /** True while the data folder opens: the builds of its indexes start once every index is declared. */
        private boolean opening;
        private final List<SecondaryIndex<Object>> unbuilt = new ArrayList<>();

        Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> dataMap,
                   MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
            this.data = dataMap;
            MatchedPosition.install(this);
        }

        /**
         * A secondary index on a collection that holds documents is built behind the requests instead of inside this
         * call (the library reads every document twice per index, and this backend deserialises each read: opening a
         * 100,000-commitment data folder took 143 s that way). Until it is built, the planner does not use it (those
         * filters are scanned, as before); the writes meanwhile keep it, since it is in the collection's list.
         */
        @Override
        public synchronized void addIndex(Index<Object> index) {
            if (!(index instanceof SecondaryIndex) || data.isEmpty()) {
                super.addIndex(index);
                return;
            }
            for (Index<Object> existing : getIndexes()) {
                if (existing.getName().equals(index.getName())) {
                    return;
                }
            }
            SecondaryIndex<Object> secondary = (SecondaryIndex<Object>) index;
            secondary.setBuilt(false);
            unbuilt.add(secondary);
            getIndexes().add(index);
            if (!opening) {
                startIndexBuilds();
            }
        }

        void startIndexBuilds() {
            opening = false;
            BUILDS.execute(this::buildIndexes);
        }

        /**
         * Adds every document to the unbuilt indexes, a chunk at a time under the collection's lock (a write in between
         * keeps the indexes itself; adding an entry twice is harmless), then lets the planner use them.
         */
        private void buildIndexes() {
            List<SecondaryIndex<Object>> building;
            synchronized (this) {
                building = new ArrayList<>(unbuilt);
                unbuilt.clear();
            }
            if (building.isEmpty()) {
                return;
            }
            Object after = null;
            boolean more = true;
            while (more) {
                synchronized (this) {
                    Iterator<Object> keys = data.keyIterator(after);
                    int n = 0;
                    more = false;
                    while (keys.hasNext()) {
                        Object key = keys.next();
                        if (after != null && key.equals(after)) {
                            continue;
                        }
                        Document document = data.get(key);
                        if (document != null) {
                            for (SecondaryIndex<Object> index : building) {
                                index.add(document, key, this);
                            }
                        }
                        after = key;
                        if (++n >= BUILD_CHUNK) {
                            more = true;
                            break;
                        }
                    }
                }
            }
            for (SecondaryIndex<Object> index : building) {
                index.setBuilt(true);
            }
        }

        /** The documents at an index's positions, lazily; one deleted since the index gave it (a read beside a write) is left out. */
        private Stream<Document> documentsAt(Iterable<Object> positions) {
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
