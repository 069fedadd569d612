export * from "./values.ts";
export * from "./column.ts";
export * from "./errors.ts";
