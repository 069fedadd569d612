/** This build's version, printed by `-version` and reported as the server version suffix. */
export const VERSION = "0.1.0";
