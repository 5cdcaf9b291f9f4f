/** A model's two ways of counting (mongoose's queries are thenables). */
interface Countable {
  estimatedDocumentCount(): PromiseLike<number>;
  countDocuments(query: Record<string, unknown>, options: { limit?: number }): PromiseLike<number>;
}

/**
 * How many documents match `query`: from the collection's metadata when nothing is filtered (no scan of the
 * collection), else counted by the query, reading at most `atMost` of them (a list's total need not read the
 * whole history: past `atMost` it says "at least").
 */
export async function countMatching(
  model: Countable,
  query: Record<string, unknown>,
  atMost?: number,
): Promise<{ count: number; atLeast: boolean }> {
  if (Object.keys(query).length === 0) return { count: await model.estimatedDocumentCount(), atLeast: false };
  const count = await model.countDocuments(query, atMost ? { limit: atMost } : {});
  return { count, atLeast: atMost !== undefined && count >= atMost };
}
