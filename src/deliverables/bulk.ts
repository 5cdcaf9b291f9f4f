import { DeliverableModel } from './model';

/** Inserts prepared deliverable documents as they are, with the driver (the bench's data set; no validation or middleware). */
export async function loadDeliverableDocuments(docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (docs.length > 0) await DeliverableModel.collection.insertMany([...docs], { ordered: false });
}
