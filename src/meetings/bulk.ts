import { MeetingModel } from './model';

/** Inserts prepared meeting documents as they are, with the driver (the bench's data set; no validation or middleware). */
export async function loadMeetingDocuments(docs: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  if (docs.length > 0) await MeetingModel.collection.insertMany([...docs], { ordered: false });
}
