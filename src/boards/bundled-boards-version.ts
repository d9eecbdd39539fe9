/**
 * The version of what the bundled boards are read into: part of their hash in the store, so a store loaded by an
 * older reader loads them again. Raise it when a parser or the row shape changes.
 */
export const BUNDLED_BOARDS_VERSION = '1';
