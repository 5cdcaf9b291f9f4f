package iecbot;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.List;

/**
 * An aggregation whose first stage is a {@code $match}: the library runs its stages over every document of the
 * collection; here the {@code $match} is the collection's query (so {@link IndexPlanner} can answer it from an index,
 * with the same matcher checking each document) and the other stages run on what it returns, as MongoDB does.
 */
final class IndexedAggregate {
    private IndexedAggregate() {
    }

    /**
     * The answer to an {@code aggregate} command with a leading {@code $match}; null for any other command and for what
     * the library's own handling should answer (no leading $match, a change stream, a collection that does not exist).
     */
    static Document answer(MongoDatabase database, String commandName, Document command, DatabaseResolver resolver, Oplog oplog) {
        if (!commandName.equalsIgnoreCase("aggregate")) {
            return null;
        }
        String name = String.valueOf(command.get(commandName));
        MongoCollection<?> collection = database.resolveCollection(name, false);
        if (collection == null) {
            return null;
        }
        String namespace = database.getDatabaseName() + "." + name;
        List<Document> pipeline = Aggregation.parse(command.get("pipeline"));
        if (pipeline.isEmpty() || pipeline.get(0).size() != 1 || !(pipeline.get(0).get("$match") instanceof Document)) {
            return null;
        }
        Document match = (Document) pipeline.get(0).get("$match");
        if (match.containsKey("query") || match.containsKey("$query")) {
            return null; // the collection's query would read these as a wrapper, not as a field
        }
        Aggregation rest = Aggregation.fromPipeline(pipeline.subList(1, pipeline.size()), resolver, database, collection, oplog);
        rest.validate(command);
        List<Document> result = rest.runStages(collection.handleQueryAsStream(match));
        Document cursor = new Document();
        cursor.put("id", 0L);
        cursor.put("ns", namespace);
        cursor.put("firstBatch", result);
        Document response = new Document();
        response.put("cursor", cursor);
        response.put("ok", 1.0);
        return response;
    }
}
