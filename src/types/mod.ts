export * from "./values.ts";
export * from "./column.ts";
export * from "./errors.ts";
export * from "./schema_facts.ts";
export * from "./results.ts";
