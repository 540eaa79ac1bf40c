export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Our ids are uuid columns: PostgreSQL rejects any other text with an error, so an id a
 * caller made up must be filtered out before a query, to read as "not found".
 */
export const isUuid = (id: string): boolean => uuidPattern.test(id);
